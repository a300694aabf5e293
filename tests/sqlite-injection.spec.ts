// Text that tries to break out of the SQL the WASM driver writes: strings are inlined between
// single quotes with the quotes doubled, so a lone surrogate (half an emoji) that swallows the
// next character when encoded, or a NUL that ends the statement, used to open the query up.
// Every way a user's text reaches a query must change nothing, read nothing, and get a
// normal answer.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { ADMIN, at, createBot, TestBot } from './helpers/bot'
import { addressing, bindOfficer, codeIn, reportRows } from './helpers/reports'

let t: TestBot
let pendingCode: string

beforeAll(async () => {
  vi.useFakeTimers({ now: at('2026-12-10 10:00'), toFake: ['Date'] })
  t = await createBot()
  await bindOfficer(t, 'o1', '河口乡')
  // An invite nobody has used: what the exploits went for.
  // Asked in a private chat, the code comes back there; it is stored without its dashes.
  const [invite] = await t.client(ADMIN).receive('单位 邀请 城关镇')
  pendingCode = codeIn(invite).replace(/-/g, '')
})

afterAll(async () => {
  await t.dispose()
  vi.useRealTimers()
})

/** Ways to put a quote right after something that eats it, or to cut the statement short. */
const BREAKOUTS = [
  ['a lone high surrogate', '\uD800'],
  ['the last high surrogate', '\uDBFF'],
  ['a lone low surrogate', '\uDC00'],
  ['a NUL', '\u0000'],
  ['a backslash', '\\'],
  ['a high surrogate and a backslash', '\uD800\\'],
]
const TAILS = [
  "'OR(LENGTH(USEDBY)=0)--",
  "'OR(1=1)--",
  "'OR(EXISTS(SELECT(1)FROM(PUFA_INVITE)WHERE(USEDBY='')))--",
]
const PAYLOADS = BREAKOUTS.flatMap(([how, lead]) => TAILS.map(tail => [how, `X${lead}${tail}`] as const))

/** Text as the database keeps it: lone surrogates and NUL become U+FFFD. */
const stored = (text: string) => text.toWellFormed().replaceAll('\0', '\uFFFD')

async function tables() {
  const db = t.app.database
  return {
    units: await db.get('pufa_unit', {}),
    officers: await db.get('pufa_officer', {}),
    invites: await db.get('pufa_invite', {}),
    reports: await reportRows(t),
    totals: await db.get('pufa_report_total', {}),
    drafts: await db.get('pufa_report_draft', {}),
  }
}

/** Sends a message that must change nothing; its one reply. */
async function changesNothing(userId: string, text: string) {
  const before = await tables()
  const replies = await t.client(userId, 'g1').receive(text)
  expect(await tables()).toEqual(before)
  expect(replies).toHaveLength(1)
  expect(replies[0]).not.toContain('发生未知错误')
  return replies[0]
}

describe.each(PAYLOADS)('%s before a quote: %s', (_, payload) => {
  it('binds nobody, as a quoted message or as the argument', async () => {
    // One answer for every wrong code; after a few, the guess limit answers instead.
    const refused = /^邀请码(无效：可能抄错了、已经用过或已过期。|输错次数太多，)/
    for (const userId of ['stranger', 'o1']) {
      expect(await changesNothing(userId, `<quote>${payload}</quote>绑定`)).toMatch(refused)
      expect(await changesNothing(userId, `绑定 ${payload}`)).toMatch(refused)
    }
    const [officer] = await t.app.database.get('pufa_officer', {})
    expect(officer.unitId).toBe((await t.app.database.get('pufa_unit', { name: '河口乡' }))[0].id)
    expect((await t.app.database.get('pufa_invite', { code: pendingCode }))[0].usedBy).toBe('')
  })

  it('finds no unit by that name for 台账 -u, 单位 邀请, 单位 停用 and 联络员 列表', async () => {
    expect(await changesNothing('o1', `台账 -u ${payload}`)).toMatch(/^没有找到单位“.+”.*发送「单位 列表」查看全部单位。$/s)
    expect(await changesNothing('o1', `<quote>${payload}</quote>台账 -u`)).not.toMatch(/^联络员只能查看本单位|台账：/)
    for (const command of ['单位 邀请', '单位 停用', '联络员 列表']) {
      expect(await changesNothing('admin', `${command} ${payload}`)).toMatch(/^没有找到单位“.+”.*发送「单位 列表」查看全部单位。$/s)
    }
  })

  it('reads no period from it', async () => {
    expect(await changesNothing('o1', `台账 ${payload}`)).toMatch(/^看不懂期间“/)
    expect(await changesNothing('admin', `未报送 ${payload}`)).toMatch(/^看不懂期间“/)
  })

  it('keeps report text as typed (or refuses it) on the one-line form', async () => {
    const before = await reportRows(t)
    const [reply] = await t.client('o1', 'g1').receive(`报送 ${payload} -d 2026-12-04 -p 10`)
    expect(reply).toMatch(/^标题里有像程序代码的内容|^已登记 #/)
    expect(reply).not.toContain('发生未知错误')
    const added = (await reportRows(t)).slice(before.length)
    if (reply.startsWith('已登记')) expect(added.map(r => r.title)).toEqual([stored(payload).replace(/\s+/g, ' ')])
    else expect(added).toEqual([])
  })
})

describe('text kept in a report or a unit', () => {
  // Not code-like, so the report checks let them through to the database.
  const TEXTS = ['宪法\uD800\'宣讲', '宪法\uDC00\'\'宣讲', '宪法\\\'宣讲\uD83D']

  it.each(TEXTS)('stores %j through the one-line form, with one row, and finds it again', async (text) => {
    const before = await tables()
    const [reply] = await t.client('o1', 'g1').receive(`报送 ${text} -d 2026-12-03 -p 10`)
    expect(reply).toMatch(/^已登记 #\d+｜河口乡｜2026-12-03｜/)
    const after = await tables()
    expect(after.reports.slice(before.reports.length).map(r => r.title)).toEqual([stored(text)])
    expect(after.units).toEqual(before.units)
    expect(after.invites).toEqual(before.invites)
    // The duplicate check looks it up by that title and finds it.
    expect((await t.client('o1', 'g1').receive(`报送 ${text} -d 2026-12-03 -p 10`))[0]).toMatch(/^10 分钟内本单位已登记过同一天的「/)
    expect((await addressing(t.client('o1', 'g1')).receive('取消'))[0]).not.toContain('发生未知错误')
  })

  it('stores a place answered in the paragraph check, and a title answered in the dialogue', async () => {
    // In a group, answers to the bot's questions @ it.
    const officer = addressing(t.client('o1', 'g1'))
    const before = (await reportRows(t)).length
    expect((await officer.receive('报送 12月2日在城关小学开展民法典宣讲活动，参与师生300余人'))[0]).toMatch(/^我从这段话里看出的是：/)
    expect((await officer.receive(`地点 东街\uD800'社区`))[0]).toContain(`· 地点：东街\uD800'社区`)
    expect((await officer.receive('确认'))[0]).toMatch(/^已登记 #\d+/)
    expect((await officer.receive('报送'))[0]).toMatch(/^请说说活动名称/)
    expect((await officer.receive(`禁毒\uDBFF'宣传`))[0]).toMatch(/^活动是哪天/)
    // Date, then skip or accept what is offered, until the summary.
    let [reply] = await officer.receive('12月1日')
    for (let step = 0; !reply.startsWith('请核对：') && step < 8; step++) {
      expect(reply).not.toContain('发生未知错误')
      ;[reply] = await officer.receive(reply.includes('「好」') ? '好' : '跳过')
    }
    expect(reply).toContain(`· 标题：禁毒\uDBFF'宣传`)
    expect((await officer.receive('确认'))[0]).toMatch(/^已登记 #\d+/)
    const added = (await reportRows(t)).slice(before)
    expect(added.map(r => [r.title, r.place])).toEqual([
      ['民法典宣讲活动', `东街\uFFFD'社区`],
      [`禁毒\uFFFD'宣传`, ''],
    ])
  })

  it('refuses a unit name with half an emoji, and adds one with a quote as typed, which 单位 停用 finds exactly', async () => {
    const units = await t.app.database.get('pufa_unit', {})
    expect((await t.admin('office').receive(`单位 添加 测试\uD800'单位 -k 部门`))[0]).toMatch(/^单位名称里有看不见的字符/)
    expect(await t.app.database.get('pufa_unit', {})).toEqual(units)
    const name = `测试'单位`
    expect((await t.admin('office').receive(`单位 添加 ${name} -k 部门`))[0]).toBe(`已添加单位：${name}（部门）。`)
    const before = await t.app.database.get('pufa_unit', { active: true })
    expect((await t.admin('office').receive(`单位 停用 ${name}`))[0]).not.toContain('发生未知错误')
    const after = await t.app.database.get('pufa_unit', { active: true })
    expect(before.filter(unit => !after.some(u => u.id === unit.id)).map(unit => unit.name)).toEqual([name])
  })
})
