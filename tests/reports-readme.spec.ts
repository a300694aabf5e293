import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { addDays } from '../src/time/local-date'
import { shanghaiDate } from '../src/time/shanghai'
import { at, createBot, TestBot } from './helpers/bot'
import { bindOfficer } from './helpers/reports'

/** The 报送 examples README.md gives a new officer, one message a line, as written there. */
function readmeExamples() {
  const readme = readFileSync(resolve(__dirname, '../README.md'), 'utf8')
  const block = /然后 Bob 可以：\n\n```\n([\s\S]*?)\n```/.exec(readme)
  expect(block, 'the example block after “然后 Bob 可以：”').not.toBeNull()
  return block![1].split('\n')
}

let t: TestBot | undefined

afterEach(async () => {
  await t?.dispose()
  t = undefined
  vi.useRealTimers()
})

// The examples must work whatever the day: on a fixed day, and on the day the tests run.
describe.each([
  ['a fixed day', at('2026-03-16 09:30').getTime()],
  ['today', Date.now()],
])('the README examples on %s', (_, now) => {
  it('each get the answer the README describes', async () => {
    vi.useFakeTimers({ now })
    t = await createBot()
    await bindOfficer(t, 'bob', '城关镇')
    const today = shanghaiDate(new Date(now))
    const yesterday = addDays(today, -1)
    const expected: Record<string, (reply: string) => void> = {
      '报送 宪法进校园宣讲 -d 昨天 -l 城关小学 -p 300 -m 500 -t 宪法 -k 讲座':
        reply => expect(reply).toBe(`已登记 #1｜城关镇｜${yesterday}｜宪法｜300人次｜500份`),
      '报送 昨天在城关小学开展宪法进校园宣讲活动，参与师生300余人，发放宣传资料500份':
        reply => expect(reply).toMatch(new RegExp(`^我从这段话里看出的是：\\n[\\s\\S]*· 日期：${yesterday}\\n· 地点：城关小学\\n· 人数：300人次\\n· 资料：500份\\n[\\s\\S]*\\n无误请回复「确认」登记`)),
      '确认': reply => expect(reply).toBe(`已登记 #2｜城关镇｜${yesterday}｜宪法｜300人次｜500份`),
      '报送 “法律八进”进企业宣讲 -l 工业园区 -p 240': reply => expect(reply).toBe(`已登记 #3｜城关镇｜${today}｜法治宣传教育｜240人次｜0份`),
      '报送': reply => expect(reply).toMatch(/^请说说活动名称/),
      '我的报送': reply => expect(reply).toMatch(/^最近 3 条报送：\n· #3 /),
      '报送 帮助': reply => expect(reply).toMatch(/^活动形式（-k，共 17 种/),
    }
    const examples = readmeExamples()
    expect(examples).toEqual(Object.keys(expected))
    for (const message of examples) {
      const replies = await t.client('bob').receive(message)
      expect(replies, message).toHaveLength(1)
      expected[message](replies[0])
    }
  })
})
