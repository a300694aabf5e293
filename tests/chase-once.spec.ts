// 催报 reaches each officer once a day, however often it is asked: its messages are
// claimed in the delivery log like pushes are.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { at, createBot, TestBot } from './helpers/bot'
import { bindOfficer } from './helpers/reports'

let t: TestBot

/** Units of the project's roster without an officer in these tests, as 催报 names them. */
const UNREACHABLE = '无法联系：东城街道、河口乡、县公安局、县市场监管局、县人社局、城关小学、县第一中学、县供电公司、城关镇东街社区、河口乡柳树村（未绑定联络员，请用「单位 邀请」生成邀请码）。'
const DIRECT = (unit: string) => `【催报】${unit}在2026年11月还没有报送普法活动，请用「报送」登记（可发整段文字或照片）。`

beforeEach(async () => {
  vi.useFakeTimers({ now: at('2026-12-20 10:00'), toFake: ['Date'] })
  t = await createBot()
  await bindOfficer(t, 'o1', '城关镇')
  await bindOfficer(t, 'o2', '县教育局')
})

afterEach(async () => {
  await t.dispose()
  vi.useRealTimers()
})

const chaseRows = () => t.app.database.get('pufa_delivery', { kind: 'chase' }, { sort: { id: 'asc' } })

describe('催报 in a private chat', () => {
  it('reaches each officer once a day, however often it is asked', async () => {
    expect(await t.client('admin').receive('催报 上月')).toEqual([`已催报 2 个单位（其中 2 人私信提醒）。\n${UNREACHABLE}`])
    expect(await t.client('admin').receive('催报 上月')).toEqual([
      `2026年11月未报送单位的联络员今天都已催报过，不再重复提醒：城关镇（o1）、县教育局（o2）。\n${UNREACHABLE}`,
    ])
    expect(t.bot.to('private:o1')).toEqual([DIRECT('城关镇')])
    expect(t.bot.to('private:o2')).toEqual([DIRECT('县教育局')])
    expect((await chaseRows()).map(row => [row.key, row.attempt, row.status, row.channelId])).toEqual([
      ['chase:2026-12-20:2026-11-01~2026-11-30:mock:private:o1', 1, 'sent', 'private:o1'],
      ['chase:2026-12-20:2026-11-01~2026-11-30:mock:private:o2', 1, 'sent', 'private:o2'],
    ])
    // The next day they are chased again.
    vi.setSystemTime(at('2026-12-21 09:00'))
    expect(await t.client('admin').receive('催报 上月')).toEqual([`已催报 2 个单位（其中 2 人私信提醒）。\n${UNREACHABLE}`])
    expect(t.bot.to('private:o1')).toEqual([DIRECT('城关镇'), DIRECT('城关镇')])
  })

  it('reaches them once when two admins ask at the same moment', async () => {
    const replies = await Promise.all([t.client('admin').receive('催报 上月'), t.client('admin').receive('催报 上月')])
    expect(t.bot.to('private:o1')).toEqual([DIRECT('城关镇')])
    expect(t.bot.to('private:o2')).toEqual([DIRECT('县教育局')])
    expect((await chaseRows()).map(row => [row.attempt, row.status])).toEqual([[1, 'sent'], [1, 'sent']])
    // Each message went out under one of them; the other found it sent or being sent.
    const sent = replies.map(([reply]) => Number(/（其中 (\d) 人私信提醒）/.exec(reply)?.[1] ?? 0))
    expect(sent[0] + sent[1]).toBe(2)
    for (const [reply] of replies) expect(reply).toMatch(/已催报过|另一次催报正在发送|^已催报 2 个单位/)
  })

  it('reports a failed private message and sends it with the next 催报', async () => {
    t.bot.rejecting.set('private:o2', 'user blocked the bot')
    expect(await t.client('admin').receive('催报 上月')).toEqual([
      `已催报 1 个单位（其中 1 人私信提醒）。\n${UNREACHABLE}\n私信失败：县教育局（o2）。再发「催报」会重试。`,
    ])
    expect(t.bot.to('private:o2')).toEqual([])
    t.bot.rejecting.clear()
    expect(await t.client('admin').receive('催报 上月')).toEqual([
      `已催报 1 个单位（其中 1 人私信提醒）。\n今天已催报过，不再重复：城关镇（o1）。\n${UNREACHABLE}`,
    ])
    expect(t.bot.to('private:o1')).toEqual([DIRECT('城关镇')])
    expect(t.bot.to('private:o2')).toEqual([DIRECT('县教育局')])
    expect((await chaseRows()).map(row => [row.channelId, row.attempt, row.status, row.error])).toEqual([
      ['private:o1', 1, 'sent', ''],
      ['private:o2', 1, 'failed', 'user blocked the bot'],
      ['private:o2', 2, 'sent', ''],
    ])
  })
})

describe('催报 in a group', () => {
  it('@-mentions the officers there once a day', async () => {
    const [mention, summary] = await t.admin('work').receive('催报 上月')
    expect(mention).toMatch(/^【催报】2026年11月以下单位还没有报送，请联络员抓紧用「报送」登记： <at id="o1" name="o1"\/> <at id="o2" name="o2"\/>$/)
    expect(summary).toBe(`已催报 2 个单位。\n${UNREACHABLE}`)
    expect(await t.admin('work').receive('催报 上月')).toEqual([
      `2026年11月未报送单位的联络员今天都已催报过，不再重复提醒：城关镇（o1）、县教育局（o2）。\n${UNREACHABLE}`,
    ])
    expect((await chaseRows()).map(row => [row.key, row.status])).toEqual([['chase:2026-12-20:2026-11-01~2026-11-30:mock:group:work', 'sent']])
  })

  it('records an @-message that did not go out as failed, and sends it with the next 催报', async () => {
    // The group takes nothing from the bot just now, the summary reply included.
    t.bot.failingReplies.add('work')
    expect(await t.admin('work').receive('催报 上月')).toEqual([])
    expect((await chaseRows()).map(row => [row.status, row.error])).toEqual([['failed', 'reply refused']])
    t.bot.failingReplies.clear()
    const [mention] = await t.admin('work').receive('催报 上月')
    expect(mention).toMatch(/^【催报】2026年11月以下单位还没有报送/)
    expect((await chaseRows()).map(row => [row.attempt, row.status])).toEqual([[1, 'failed'], [2, 'sent']])
  })

  it('is chased separately for a key date', async () => {
    await t.admin('work').receive('催报 上月')
    const replies = await t.admin('work').receive('催报 宪法宣传周 2026 -n 宪法宣传周')
    expect(replies[0]).toMatch(/^【催报】宪法宣传周/)
    expect((await chaseRows()).map(row => row.key)).toEqual([
      'chase:2026-12-20:2026-11-01~2026-11-30:mock:group:work',
      'chase:2026-12-20:2026-12-01~2026-12-07:constitution-week:mock:group:work',
    ])
  })
})

describe('ctx.pufaLedger.chase, as a web page calls it', () => {
  it('returns what it did, and a second click sends nothing', async () => {
    const scope = { period: { from: '2026-11-01', to: '2026-11-30', label: '2026年11月' } }
    const from = { platform: 'mock', channelId: 'work', isDirect: false, userId: 'admin' }
    const first = await t.app.pufaLedger.chase(scope, from)
    expect(first).toMatchObject({ period: '2026年11月', silent: 12, chased: 2, group: 'sent' })
    expect(first.officers.map(o => [o.unit, o.officer, o.via, o.result])).toEqual([['城关镇', 'o1', 'group', 'sent'], ['县教育局', 'o2', 'group', 'sent']])
    expect(first.unreachable).toHaveLength(10)
    const second = await t.app.pufaLedger.chase(scope, from)
    expect(second).toMatchObject({ chased: 0, group: 'done' })
    expect(second.officers.map(o => o.result)).toEqual(['done', 'done'])
    // Without a conversation to reply in, the group message is a proactive send.
    expect(t.bot.to('work')).toEqual([expect.stringMatching(/^【催报】2026年11月以下单位还没有报送/)])
  })
})
