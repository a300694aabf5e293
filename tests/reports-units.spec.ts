import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DataFileError } from '../src/data-file'
import { loadRoster } from '../src/reports/roster'
import { ADMIN, at, createBot, ROOT, TestBot } from './helpers/bot'
import { bindOfficer, reportRows, unitId } from './helpers/reports'

let t: TestBot

beforeEach(async () => {
  vi.useFakeTimers({ now: at('2026-12-10 10:00') })
  t = await createBot()
})

afterEach(async () => {
  await t.dispose()
  vi.useRealTimers()
})

const ROSTER = [
  '· 城关镇（乡镇/街道，联络员 0 人）',
  '· 东城街道（乡镇/街道，联络员 0 人）',
  '· 河口乡（乡镇/街道，联络员 0 人）',
  '· 县教育局（部门，联络员 0 人）',
  '· 县公安局（部门，联络员 0 人）',
  '· 县市场监管局（部门，联络员 0 人）',
  '· 县人社局（部门，联络员 0 人）',
  '· 城关小学（学校，联络员 0 人）',
  '· 县第一中学（学校，联络员 0 人）',
  '· 县供电公司（企业，联络员 0 人）',
  '· 城关镇东街社区（村(社区)，联络员 0 人）',
  '· 河口乡柳树村（村(社区)，联络员 0 人）',
]

const units = () => t.app.database.get('pufa_unit', {}, { sort: { id: 'asc' } })
const invites = () => t.app.database.get('pufa_invite', {})
const officers = () => t.app.database.get('pufa_officer', {}, { sort: { aid: 'asc' } })

const CODE = '[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}'

/** The code in an invite reply, checking the whole reply. */
function inviteCode(reply: string, unit: string, expires: string) {
  const match = new RegExp(`^(.+) 的联络员邀请码：(${CODE})\n请私下转给该单位的联络员，由其私聊机器人发送「绑定 \\2」。7 天内有效（至 (.+)），只能用一次。$`).exec(reply)
  expect(match, reply).not.toBeNull()
  expect(match![1]).toBe(unit)
  expect(match![3]).toBe(expires)
  return match![2]
}

/** An invite asked for in a private chat, as the admin does. */
const invite = async (unit: string) => inviteCode((await t.client(ADMIN).receive(`单位 邀请 ${unit}`))[0], unit, '2026-12-17 10:00')

const INVALID = (left: number) => `邀请码无效：可能抄错了、已经用过或已过期。请核对后重发，或向普法办重新索取（还可以再试 ${left} 次）。`
const LOCKED = (until: string) => `邀请码输错次数太多，请在 ${until} 之后再试；如果确认没有抄错，请向普法办重新索取。`
const BOUND = (unit: string) => `绑定成功，你现在是「${unit}」的联络员。活动结束后发送「报送」即可登记。`

describe('单位 列表', () => {
  it('lists the roster of config/units.yml with kinds and officer counts, for anyone', async () => {
    expect(await t.client('m1', 'g1').receive('单位 列表')).toEqual([['在册单位 12 个：', ...ROSTER].join('\n')])
    await bindOfficer(t, 'o1', '城关镇')
    await bindOfficer(t, 'o2', '城关镇')
    const [reply] = await t.client('m1', 'g1').receive('单位 列表')
    expect(reply.split('\n').slice(0, 3)).toEqual(['在册单位 12 个：', '· 城关镇（乡镇/街道，联络员 2 人）', '· 东城街道（乡镇/街道，联络员 0 人）'])
  })
})

describe('单位 添加', () => {
  it('adds a unit with its kind, and 其他 without -k', async () => {
    await t.admin('g1').shouldReply('单位 添加 城关司法所 -k 部门', '已添加单位：城关司法所（部门）。')
    await t.admin('g1').shouldReply('单位 添加 县文旅局', '已添加单位：县文旅局（其他）。')
    expect((await units()).slice(12)).toMatchObject([
      { id: 13, name: '城关司法所', kind: '部门', active: true, createdAt: at('2026-12-10 10:00') },
      { id: 14, name: '县文旅局', kind: '其他', active: true },
    ])
    const [list] = await t.admin('g1').receive('单位 列表')
    expect(list.split('\n').slice(-2)).toEqual(['· 城关司法所（部门，联络员 0 人）', '· 县文旅局（其他，联络员 0 人）'])
    expect(list.split('\n')[0]).toBe('在册单位 14 个：')
  })

  it('refuses a unit already on the roster, an unknown kind and a bad or missing name, and adds nothing', async () => {
    await t.admin('g1').shouldReply('单位 添加 城关镇', '单位“城关镇”已经在册。')
    await t.admin('g1').shouldReply('单位 添加 城关司法所 -k 学堂', '没有“学堂”这种单位类型，可选：乡镇/街道、部门、学校、企业、村(社区)、其他。')
    await t.admin('g1').shouldReply('单位 添加 城关 司法所', '单位名称不能含空格。')
    await t.admin('g1').shouldReply(`单位 添加 ${'县'.repeat(31)}`, '单位名称最多 30 个字（现在 31 个），请用简称。')
    await t.admin('g1').shouldReply('单位 添加 县', '单位名称至少 2 个字。')
    await t.admin('g1').shouldReply('单位 添加 [城关]', '单位名称不能含尖括号、方括号、花括号或 @、CQ 码之类的特殊内容，请只用文字。')
    await t.admin('g1').shouldReply('单位 添加', '请写上单位名称，例如「单位 添加 城关镇 -k 乡镇/街道」。')
    expect(await units()).toHaveLength(12)
  })

  it.each([
    ['an emoji', '城关镇🎉', '单位名称里不能有表情符号，请只用文字。'],
    ['a flag', '🇨🇳城关', '单位名称里不能有表情符号，请只用文字。'],
    ['a zero-width space', '城关\u200b司法所', '单位名称里有看不见的字符（控制符、零宽或改变文字方向的字符），请直接输入文字。'],
    ['a right-to-left override', '\u202e所法司关城', '单位名称里有看不见的字符（控制符、零宽或改变文字方向的字符），请直接输入文字。'],
    ['a bidi isolate', '城关\u2066司法所', '单位名称里有看不见的字符（控制符、零宽或改变文字方向的字符），请直接输入文字。'],
    ['a control character', '城关\u0007司法所', '单位名称里有看不见的字符（控制符、零宽或改变文字方向的字符），请直接输入文字。'],
    ['a Hangul filler', '城关\u3164司法所', '单位名称里有看不见的字符（控制符、零宽或改变文字方向的字符），请直接输入文字。'],
    ['a CQ code', '[CQ:at,qq=1]', '单位名称不能含尖括号、方括号、花括号或 @、CQ 码之类的特殊内容，请只用文字。'],
    ['an ideographic space', '城关\u3000司法所', '单位名称不能含空格。'],
  ])('refuses a name with %s and adds nothing', async (_, name, reply) => {
    await t.admin('g1').shouldReply(`单位 添加 ${name}`, reply)
    expect(await units()).toHaveLength(12)
  })

  it('refuses a name that only differs from a unit in full-width forms, spaces or case', async () => {
    await t.admin('g1').shouldReply('单位 添加 县ＡＢＣ公司', '已添加单位：县ABC公司（其他）。')
    const looksLike = (name: string, existing: string) =>
      `单位名称“${name}”与已有单位“${existing}”只差空格、全角半角或大小写，会被看成同一个单位。请换一个名称；要用原单位请写“${existing}”。`
    await t.admin('g1').shouldReply('单位 添加 县abc公司', looksLike('县abc公司', '县ABC公司'))
    // Even a stopped unit: the name would come back as two units in the history.
    await t.admin('g1').receive('单位 停用 河口乡')
    await t.admin('g1').shouldReply('单位 添加 河口乡', '单位“河口乡”已重新启用（其他）。')
    expect((await units()).map(unit => unit.name)).toEqual([...ROSTER.map(line => /· (.+?)（/.exec(line)![1]), '县ABC公司'])
    // Typed full-width, the name still finds the unit.
    await t.admin('g1').shouldReply('单位 停用 县ａｂｃ公司', '已停用“县ABC公司”：不再计入未报送名单，历史报送保留。')
  })
})

describe('config/units.yml', () => {
  const dirs: string[] = []
  afterEach(() => dirs.splice(0).forEach(dir => rmSync(dir, { recursive: true, force: true })))

  function roster(units: string) {
    const dir = mkdtempSync(join(tmpdir(), 'pufa-roster-'))
    dirs.push(dir)
    copyFileSync(join(ROOT, 'config/unit-kinds.yml'), join(dir, 'unit-kinds.yml'))
    writeFileSync(join(dir, 'units.yml'), units)
    return () => loadRoster(dir)
  }

  it('refuses names with invisible characters, emoji, markup or bad lengths, naming file, entry and field', () => {
    const load = roster([
      '- { name: 城关镇, kind: 乡镇/街道 }',
      '- { name: "城关\u200b镇", kind: 乡镇/街道 }',
      '- { name: "东城街道🎉", kind: 乡镇/街道 }',
      '- { name: "<b>河口乡</b>", kind: 乡镇/街道 }',
      '- { name: 县, kind: 部门 }',
      `- { name: ${'县'.repeat(31)}, kind: 部门 }`,
      '- { name: "\u202e局育教县", kind: 部门 }',
    ].join('\n'))
    expect(load).toThrow(DataFileError)
    expect(() => load()).toThrow([
      'units.yml 第 2 项 字段 name：名称里有看不见的字符（控制符、零宽或改变文字方向的字符）',
      'units.yml 第 3 项 字段 name：名称里不能有表情符号',
      'units.yml 第 4 项 字段 name：名称不能含尖括号、方括号、花括号或 @、CQ 码之类的特殊内容',
      'units.yml 第 5 项 字段 name：名称至少 2 个字',
      'units.yml 第 6 项 字段 name：名称最多 30 个字（现在 31 个）',
      'units.yml 第 7 项 字段 name：名称里有看不见的字符（控制符、零宽或改变文字方向的字符）',
    ].join('\n'))
  })

  it('refuses two names that differ only in full-width forms or spaces, and stores names NFKC-normalised', () => {
    expect(() => roster('- { name: 县ABC公司, kind: 企业 }\n- { name: 县ＡＢＣ公司, kind: 企业 }')()).toThrow(
      'units.yml：单位“县ABC公司”重复',
    )
    expect(() => roster('- { name: 县ABC公司, kind: 企业 }\n- { name: 县abc公司, kind: 企业 }')()).toThrow(
      'units.yml：单位“县abc公司”与“县ABC公司”只差空格、全角半角或大小写，会被看成同一个单位',
    )
    expect(roster('- { name: 县ＡＢＣ公司, kind: 企业 }')().units).toEqual([{ name: '县ABC公司', kind: '企业' }])
  })
})

describe('单位 停用', () => {
  it('deactivates a unit: off the list, its officers can no longer report, history kept', async () => {
    await bindOfficer(t, 'o1', '河口乡')
    await t.client('o1', 'g1').shouldReply('报送 禁毒宣传 -d 2026-12-09 -p 80', '已登记 #1｜河口乡｜2026-12-09｜禁毒｜80人次｜0份')
    await t.admin('g1').shouldReply('单位 停用 河口乡', '已停用“河口乡”：不再计入未报送名单，历史报送保留。')
    expect(await units()).toContainEqual(expect.objectContaining({ name: '河口乡', active: false }))
    const [list] = await t.admin('g1').receive('单位 列表')
    expect(list).toBe(['在册单位 11 个：', ...ROSTER.filter(line => !line.startsWith('· 河口乡（'))].join('\n'))
    await t.client('o1', 'g1').shouldReply('报送 禁毒宣传 -d 2026-12-10 -p 80', '你还不是联络员，不能报送。请向普法办索取本单位的邀请码，然后发送「绑定 邀请码」。')
    expect(await reportRows(t)).toMatchObject([{ id: 1, unitId: await unitId(t, '河口乡'), status: 'active' }])
  })

  it('re-enables a deactivated unit through 单位 添加', async () => {
    await t.admin('g1').receive('单位 停用 河口乡')
    await t.admin('g1').shouldReply('单位 添加 河口乡 -k 乡镇/街道', '单位“河口乡”已重新启用（乡镇/街道）。')
    expect(await units()).toContainEqual(expect.objectContaining({ id: 3, name: '河口乡', active: true }))
    expect(await units()).toHaveLength(12)
  })

  it('suggests the closest name for an unknown unit and changes nothing', async () => {
    await t.admin('g1').shouldReply('单位 停用 城关政', '没有找到单位“城关政”，是不是“城关镇”？发送「单位 列表」查看全部单位。')
    await t.admin('g1').shouldReply('单位 停用 司法局', '没有找到单位“司法局”。发送「单位 列表」查看全部单位。')
    await t.admin('g1').shouldReply('单位 停用', '请写上要停用的单位名称。')
    expect((await units()).every(unit => unit.active)).toBe(true)
  })
})

describe('单位 邀请 and 绑定', () => {
  it('answers a private request directly with a one-time code valid 7 days that makes the user an officer', async () => {
    const [reply] = await t.client(ADMIN).receive('单位 邀请 城关镇')
    const code = inviteCode(reply, '城关镇', '2026-12-17 10:00')
    expect(await invites()).toMatchObject([{
      code: code.replace(/-/g, ''), unitId: 1, createdBy: 'mock:admin', createdAt: at('2026-12-10 10:00'), expiresAt: at('2026-12-17 10:00'), usedBy: '',
    }])

    vi.setSystemTime(at('2026-12-11 09:00'))
    await t.client('o1').shouldReply(`绑定 ${code}`, BOUND('城关镇'))
    expect(await officers()).toMatchObject([{ unitId: 1, platform: 'mock', userId: 'o1', name: 'o1', boundAt: at('2026-12-11 09:00') }])
    expect(await invites()).toMatchObject([{ usedBy: 'mock:o1', usedAt: at('2026-12-11 09:00') }])

    await t.client('o2', 'g1').shouldReply(`绑定 ${code}`, INVALID(4))
    expect(await officers()).toHaveLength(1)
  })

  it('asked for in a group, sends the code to the admin privately and shows no code in the group', async () => {
    const [reply] = await t.admin('g1').receive('单位 邀请 城关镇')
    expect(reply).toBe('“城关镇”的联络员邀请码已私信发给你，请查收。为防止他人抢先使用，邀请码不在群里公开。')
    expect(t.bot.to('g1')).toEqual([])
    const [sent] = t.bot.to('private:admin')
    const code = inviteCode(sent, '城关镇', '2026-12-17 10:00')
    expect(reply).not.toContain(code)
    await t.client('o1', 'g1').shouldReply(`绑定 ${code}`, BOUND('城关镇'))
  })

  it('when the private message cannot be sent, says so, keeps no code and points to a private chat', async () => {
    t.bot.rejecting.set('private:admin', 'not a friend')
    await t.admin('g1').shouldReply('单位 邀请 城关镇', '无法私信你（可能还没有加机器人为好友），“城关镇”的邀请码没有生成。请私聊机器人发送「单位 邀请 城关镇」。')
    expect(t.bot.outbox).toEqual([])
    expect(await invites()).toEqual([])
  })

  it('makes codes of 12 characters, different every time', async () => {
    const codes = new Set<string>()
    for (let i = 0; i < 20; i++) codes.add(await invite('城关镇'))
    expect(codes.size).toBe(20)
    expect([...codes].every(code => code.replace(/-/g, '').length === 12)).toBe(true)
  })

  it('accepts the code in lower case, full-width, without dashes and with spaces around it', async () => {
    const code = await invite('东城街道')
    await t.client('o1', 'g1').shouldReply(`绑定   ${code.toLowerCase()} `, BOUND('东城街道'))
    const other = await invite('河口乡')
    const fullWidth = other.replace(/-/g, ' ').replace(/[A-Z0-9]/g, ch => String.fromCharCode(ch.charCodeAt(0) + 0xFEE0))
    await t.client('o2').shouldReply(`绑定 ${fullWidth}`, BOUND('河口乡'))
    expect(await officers()).toMatchObject([{ unitId: 2, userId: 'o1' }, { unitId: 3, userId: 'o2' }])
  })

  it('works until the 7 days are over, then answers as for any wrong code', async () => {
    const early = await invite('城关镇')
    const late = await invite('城关镇')
    vi.setSystemTime(at('2026-12-17 09:59'))
    await t.client('o1', 'g1').shouldReply(`绑定 ${early}`, /^绑定成功/)
    vi.setSystemTime(at('2026-12-17 10:01'))
    await t.client('o2', 'g1').shouldReply(`绑定 ${late}`, INVALID(4))
    expect(await officers()).toMatchObject([{ userId: 'o1' }])
    expect(await invites()).toContainEqual(expect.objectContaining({ code: late.replace(/-/g, ''), usedBy: '' }))
  })

  it('gives one answer for unknown, used, expired and malformed codes', async () => {
    const used = await invite('城关镇')
    const expired = await invite('东城街道')
    await t.client('o1').receive(`绑定 ${used}`)
    vi.setSystemTime(at('2026-12-18 10:00'))
    const replies = []
    for (const code of ['ABCD-EFGH-JKLM', used, expired, 'ZZZZZZ']) replies.push(...await t.client('m1', 'g1').receive(`绑定 ${code}`))
    expect(replies).toEqual([INVALID(4), INVALID(3), INVALID(2), INVALID(1)])
  })

  it('locks a user out for 30 minutes after 5 wrong codes in 10 minutes, even across a restart', async () => {
    const code = await invite('城关镇')
    for (const left of [4, 3, 2, 1]) await t.client('m1', 'g1').shouldReply('绑定 AAAA-AAAA-AAAA', INVALID(left))
    await t.client('m1', 'g1').shouldReply('绑定 AAAA-AAAA-AAAA', LOCKED('2026-12-10 10:30'))
    // Locked out: the right code is not even tried, and stays unspent.
    await t.client('m1', 'g1').shouldReply(`绑定 ${code}`, LOCKED('2026-12-10 10:30'))
    expect(await t.app.database.get('pufa_bind_guard', {})).toMatchObject([{ lockedUntil: at('2026-12-10 10:30') }])

    await t.stop()
    t = await createBot({ file: t.file })
    vi.setSystemTime(at('2026-12-10 10:29'))
    await t.client('m1', 'g1').shouldReply(`绑定 ${code}`, LOCKED('2026-12-10 10:30'))
    // Others are not affected.
    await t.client('m2', 'g1').shouldReply('绑定 AAAA-AAAA-AAAA', INVALID(4))

    vi.setSystemTime(at('2026-12-10 10:31'))
    await t.client('m1', 'g1').shouldReply(`绑定 ${code}`, BOUND('城关镇'))
    expect(await t.app.database.get('pufa_bind_guard', {})).toMatchObject([{ failures: 1 }])
  })

  it('counts wrong codes within 10 minutes only, and a success clears them', async () => {
    const code = await invite('城关镇')
    for (const left of [4, 3]) await t.client('m1', 'g1').shouldReply('绑定 AAAA-AAAA-AAAA', INVALID(left))
    vi.setSystemTime(at('2026-12-10 10:11'))
    await t.client('m1', 'g1').shouldReply('绑定 AAAA-AAAA-AAAA', INVALID(4))
    await t.client('m1', 'g1').shouldReply(`绑定 ${code}`, BOUND('城关镇'))
    expect(await t.app.database.get('pufa_bind_guard', { aid: (await officers())[0].aid })).toEqual([])
  })

  it('counts wrong codes sent all at once exactly', async () => {
    // The first on its own: Koishi cannot create the same new user from two messages at once.
    await t.client('m1', 'g1').shouldReply('绑定 AAAA-AAAA-AAAA', INVALID(4))
    // One mock client per message, each collecting its own reply; the same user m1 throughout.
    const replies = (await Promise.all(Array.from({ length: 7 }, () => t.client('m1', 'g1').receive('绑定 AAAA-AAAA-AAAA')))).flat()
    expect(replies).toHaveLength(7)
    expect(replies.filter(reply => reply.startsWith('邀请码无效')).sort()).toEqual([INVALID(1), INVALID(2), INVALID(3)])
    expect(replies.filter(reply => reply.startsWith('邀请码输错次数太多'))).toHaveLength(4)
  })

  it('moves an officer to the new unit and says where they were', async () => {
    await bindOfficer(t, 'o1', '城关镇')
    const code = await invite('东城街道')
    await t.client('o1', 'g1').shouldReply(`绑定 ${code}`, `${BOUND('东城街道')}（原来所在的单位是「城关镇」，已改为新单位。）`)
    expect(await officers()).toMatchObject([{ unitId: 2, userId: 'o1' }])
  })

  it('refuses missing codes, codes of a deactivated unit, and unknown units', async () => {
    const code = await invite('河口乡')
    await t.admin('g1').receive('单位 停用 河口乡')
    await t.client('o1', 'g1').shouldReply(`绑定 ${code}`, '这个邀请码对应的单位已停用，请联系普法办。')
    await t.client('o1', 'g1').shouldReply('绑定', '请写上邀请码，例如「绑定 K7MP-3QXA-9RTW」。')
    await t.admin('g1').shouldReply('单位 邀请 城关政', '没有找到单位“城关政”，是不是“城关镇”？发送「单位 列表」查看全部单位。')
    await t.admin('g1').shouldReply('单位 邀请', '请写上单位名称，例如「单位 邀请 城关镇」。')
    expect(await officers()).toEqual([])
    // The code of the deactivated unit is not spent: it works again if the unit comes back.
    expect(await invites()).toMatchObject([{ code: code.replace(/-/g, ''), usedBy: '' }])
  })
})

describe('联络员 列表', () => {
  it('lists officers by unit, all or one unit', async () => {
    await t.admin('g1').shouldReply('联络员 列表', '还没有联络员。用「单位 邀请 <单位>」生成邀请码。')
    await bindOfficer(t, 'o2', '东城街道')
    await bindOfficer(t, 'o1', '城关镇')
    await t.admin('g1').shouldReply('联络员 列表', '联络员 2 人：\n· 城关镇：o1（mock:o1）\n· 东城街道：o2（mock:o2）')
    await t.admin('g1').shouldReply('联络员 列表 东城街道', '联络员 1 人：\n· 东城街道：o2（mock:o2）')
    await t.admin('g1').shouldReply('联络员 列表 河口乡', '“河口乡”还没有联络员。')
    await t.admin('g1').shouldReply('联络员 列表 东城街', '没有找到单位“东城街”，是不是“东城街道”？发送「单位 列表」查看全部单位。')
  })
})

describe('联络员 移除', () => {
  it('removes an officer given as platform:id, a bare id or an @mention; their reports stay', async () => {
    await bindOfficer(t, 'o1', '城关镇')
    await bindOfficer(t, 'o2', '城关镇')
    await bindOfficer(t, 'o3', '东城街道')
    await t.client('o1', 'g1').receive('报送 宪法宣讲 -d 2026-12-09 -p 100')

    await t.admin('g1').shouldReply('联络员 移除 mock:o1', '已移除联络员“mock:o1”，其已登记的报送保留。')
    await t.admin('g1').shouldReply('联络员 移除 o2', '已移除联络员“mock:o2”，其已登记的报送保留。')
    await t.admin('g1').shouldReply('联络员 移除 <at id="o3"/>', '已移除联络员“mock:o3”，其已登记的报送保留。')
    expect(await officers()).toEqual([])
    expect(await reportRows(t)).toMatchObject([{ id: 1, createdBy: 'mock:o1', status: 'active' }])

    await t.client('o1', 'g1').shouldReply('报送 宪法宣讲 -d 2026-12-10 -p 100', '你还不是联络员，不能报送。请向普法办索取本单位的邀请码，然后发送「绑定 邀请码」。')
    await t.admin('g1').shouldReply('联络员 列表', '还没有联络员。用「单位 邀请 <单位>」生成邀请码。')
  })

  it('says who is not an officer, and asks for someone when no one is named', async () => {
    await bindOfficer(t, 'o1', '城关镇')
    await t.admin('g1').shouldReply('联络员 移除 mock:nobody', '“mock:nobody”不是联络员。')
    await t.admin('g1').shouldReply('联络员 移除 onebot:o1', '“onebot:o1”不是联络员。')
    await t.admin('g1').shouldReply('联络员 移除', '请写上要移除的人，@他或写成 平台:账号。')
    expect(await officers()).toHaveLength(1)
  })
})

describe('help', () => {
  it('shows the <placeholders> of the unit and report help texts as typed, not as markup', async () => {
    const [report] = await t.client('m1', 'g1').receive('help 报送')
    expect(report).toContain('也可以：报送 列表、报送 查看 <编号>、报送 修改 <编号> [选项]、报送 撤回 <编号>。\n可用的选项有：\n')
    for (const command of ['单位', '单位 添加', '单位 停用', '单位 邀请', '绑定', '联络员', '联络员 列表', '联络员 移除', '报送', '报送 列表', '报送 查看', '报送 修改', '报送 撤回']) {
      const [reply] = await t.client('m1', 'g1').receive(`help ${command}`)
      expect(reply, command).toMatch(/\S/)
      // No markup and no locale key left untranslated (pufa-reports.…); an alias such as pufa-bind is fine.
      expect(reply, command).not.toMatch(/<\/|commands\.|pufa-[a-z-]+\./)
    }
  })
})
