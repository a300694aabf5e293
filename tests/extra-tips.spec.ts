import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Logger } from 'koishi'
import { stringify } from 'yaml'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createBot, TestBot } from './helpers/bot'

let dir: string
let t: TestBot | undefined
const errors: string[] = []
const target: Logger.Target = { colors: 0, record: record => record.type === 'error' && errors.push(record.content) }

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pufa-extra-'))
  Logger.targets.push(target)
})

afterEach(async () => {
  await t?.dispose()
  Logger.targets.splice(Logger.targets.indexOf(target), 1)
  errors.length = 0
  rmSync(dir, { recursive: true, force: true })
})

const countyTip = {
  id: 'county-mediation-room',
  title: '村里有人民调解委员会',
  body: '邻里纠纷可以先找村（居）人民调解委员会，调解不收费。调解达成协议的，双方应当按照约定履行。',
  law: '人民调解法',
  article: '第四条',
  themes: ['人民调解'],
  validFrom: '2011-01-01',
}

it('adds an admin\'s own tips file named in koishi.yml to the rotation', async () => {
  writeFileSync(join(dir, 'county-tips.yml'), stringify([countyTip]))
  t = await createBot({ content: { extraTips: [join(dir, 'county-tips.yml')] } })
  const { tips, sources } = t.app.pufaContent.library
  expect(tips.find(tip => tip.id === 'county-mediation-room')).toMatchObject({ law: '人民调解法', article: '第四条' })
  expect(sources.get('county-mediation-room')).toBe('county-tips.yml')
  expect(errors).toEqual([])
})

it('refuses to start the content with a bad extra file, naming file, item and field', async () => {
  const { law, ...noLaw } = countyTip
  writeFileSync(join(dir, 'county-tips.yml'), stringify([noLaw, { ...countyTip, id: 'county-2', themes: ['人民调节'] }]))
  t = await createBot({ content: { extraTips: [join(dir, 'county-tips.yml')] } })
  expect(t.app.get('pufaContent')).toBeUndefined()
  const log = errors.join('\n')
  expect(log).toContain('county-tips.yml 第 1 项（id: county-mediation-room） 字段 law：缺少此字段')
  expect(log).toContain('county-tips.yml id: county-2 字段 themes：未知主题“人民调节”，是不是“人民调解”？')
  // Without the content service the push commands are not there to send anything wrong.
  await t.admin('g1').shouldNotReply('今日普法')
})
