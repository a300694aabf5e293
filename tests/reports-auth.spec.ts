import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { at, createBot, TestBot } from './helpers/bot'
import { auditRows, bindOfficer, draftRows, GROUP_HINT, invite, reportRows } from './helpers/reports'

/**
 * Every report and unit command, sent by each role, with the reply each gets and what is
 * in the tables afterwards. Before each case: o1 is the officer of 城关镇 and has reported
 * #1 for it, o2 is the officer of 东城街道, m1 is a group member, admin is mock:admin.
 */
type Role = 'admin' | 'officer of this unit' | 'officer of another unit' | 'member'
const ROLES: Role[] = ['admin', 'officer of this unit', 'officer of another unit', 'member']
const USER: Record<Role, string> = { 'admin': 'admin', 'officer of this unit': 'o1', 'officer of another unit': 'o2', 'member': 'm1' }

let t: TestBot

beforeEach(async () => {
  vi.useFakeTimers({ now: at('2026-12-10 10:00') })
  t = await createBot()
  await bindOfficer(t, 'o1', '城关镇')
  await bindOfficer(t, 'o2', '东城街道')
  expect(await t.client('o1', 'g1').receive('报送 宪法进校园宣讲 -d 2026-12-04 -l 城关小学 -p 300 -m 500 -t 宪法 -k 讲座'))
    .toEqual(['已登记 #1｜城关镇｜2026-12-04｜宪法｜300人次｜500份'])
})

afterEach(async () => {
  await t.dispose()
  vi.useRealTimers()
})

const NOT_OFFICER = '你还不是联络员，不能报送。请向普法办索取本单位的邀请码，然后发送「绑定 邀请码」。'
const ADMIN_NEEDS_UNIT = '请用 -u 指明替哪个单位报送，例如「报送 -u 城关镇」。'
const OTHER_UNIT = '联络员只能为本单位（东城街道）报送和修改。'
const NOT_YOURS = '#1 不是本单位的报送，联络员只能查看和修改本单位的报送。'
const ASK_TITLE = `请说说活动名称，例如：宪法进校园宣讲。\n回复「取消」可随时放弃。\n${GROUP_HINT}`
const EDITED = '已修改 #1：\n已登记 #1｜城关镇｜2026-12-04｜宪法｜350人次｜500份'
const WITHDRAWN = '已撤回 #1：这条报送不再计入台账，记录和修改历史保留。'
const LIST = '最近 1 条报送：\n· #1 2026-12-04 城关镇｜宪法进校园宣讲｜300人次｜500份'
const VIEW = /^报送 #1\n· 单位：城关镇\n· 标题：宪法进校园宣讲\n[\s\S]*\n· 登记：o1，2026-12-10 10:00$/
const UNITS = /^在册单位 12 个：\n· 城关镇（乡镇\/街道，联络员 1 人）\n· 东城街道（乡镇\/街道，联络员 1 人）\n/
const BOUND = '绑定成功，你现在是「城关镇」的联络员。活动结束后发送「报送」即可登记。'
/** The refusal names the command as people type it: 「单位 添加」. */
const adminOnly = (command: string, role: Role) =>
  `「${command.replace(/\./g, ' ')}」仅限管理员（普法办）使用。如需开通，请联系部署人员在 koishi.yml 的 pufa-roles 配置中加入你的账号 mock:${USER[role]}。`

/** Reports as (id, unit, author, participants, status). */
const reports = async () => (await reportRows(t)).map(r => [r.id, r.unitId, r.createdBy, r.participants, r.status])
const audits = async () => (await auditRows(t)).map(a => [a.reportId, a.action, a.by])
const drafts = async () => (await draftRows(t)).map(d => [d.userId, d.unitId, d.step])
const activeUnits = async () => (await t.app.database.get('pufa_unit', { active: true })).map(u => u.name)
const officers = async () => (await t.app.database.get('pufa_officer', {}, { sort: { userId: 'asc' } })).map(o => [o.userId, o.unitId])
const invites = async () => (await t.app.database.get('pufa_invite', {})).length

const ONE_REPORT = [[1, 1, 'mock:o1', 300, 'active']]
const CREATED = [[1, 'create', 'mock:o1']]
const ALL_UNITS = 12
const OFFICERS = [['o1', 1], ['o2', 2]]

interface Case {
  /** The message; a function when it needs something made first (an invite code). */
  message: string | (() => Promise<string>)
  /** What of the tables this command may change. */
  state: () => Promise<unknown>
  outcome: Record<Role, [reply: string | RegExp, state: unknown]>
}

const CASES: Record<string, Case> = {
  '报送 <title> -d -p (one line)': {
    message: '报送 普法讲座 -d 2026-12-09 -p 100',
    state: reports,
    outcome: {
      'admin': [ADMIN_NEEDS_UNIT, ONE_REPORT],
      'officer of this unit': ['已登记 #2｜城关镇｜2026-12-09｜法治宣传教育｜100人次｜0份', [...ONE_REPORT, [2, 1, 'mock:o1', 100, 'active']]],
      'officer of another unit': ['已登记 #2｜东城街道｜2026-12-09｜法治宣传教育｜100人次｜0份', [...ONE_REPORT, [2, 2, 'mock:o2', 100, 'active']]],
      'member': [NOT_OFFICER, ONE_REPORT],
    },
  },
  '报送 <title> -u 城关镇 (for a named unit)': {
    message: '报送 普法讲座 -d 2026-12-09 -p 100 -u 城关镇',
    state: reports,
    outcome: {
      'admin': ['已登记 #2｜城关镇｜2026-12-09｜法治宣传教育｜100人次｜0份', [...ONE_REPORT, [2, 1, 'mock:admin', 100, 'active']]],
      'officer of this unit': ['已登记 #2｜城关镇｜2026-12-09｜法治宣传教育｜100人次｜0份', [...ONE_REPORT, [2, 1, 'mock:o1', 100, 'active']]],
      'officer of another unit': [OTHER_UNIT, ONE_REPORT],
      'member': [NOT_OFFICER, ONE_REPORT],
    },
  },
  '报送 <paragraph>': {
    message: '报送 12月9日在城关小学开展普法讲座，参与群众100人',
    state: async () => [await reports(), await drafts()],
    outcome: {
      'admin': [ADMIN_NEEDS_UNIT, [ONE_REPORT, []]],
      'officer of this unit': [/^我从这段话里看出的是：\n· 单位：城关镇\n· 标题：普法讲座\n/, [ONE_REPORT, [['o1', 1, 'confirm']]]],
      'officer of another unit': [/^我从这段话里看出的是：\n· 单位：东城街道\n· 标题：普法讲座\n/, [ONE_REPORT, [['o2', 2, 'confirm']]]],
      'member': [NOT_OFFICER, [ONE_REPORT, []]],
    },
  },
  '报送 (dialogue)': {
    message: '报送',
    state: drafts,
    outcome: {
      'admin': [ADMIN_NEEDS_UNIT, []],
      'officer of this unit': [ASK_TITLE, [['o1', 1, 'title']]],
      'officer of another unit': [ASK_TITLE, [['o2', 2, 'title']]],
      'member': [NOT_OFFICER, []],
    },
  },
  '报送 -u 城关镇 (dialogue for a named unit)': {
    message: '报送 -u 城关镇',
    state: drafts,
    outcome: {
      'admin': [ASK_TITLE, [['admin', 1, 'title']]],
      'officer of this unit': [ASK_TITLE, [['o1', 1, 'title']]],
      'officer of another unit': [OTHER_UNIT, []],
      'member': [NOT_OFFICER, []],
    },
  },
  '报送 列表': {
    message: '报送 列表',
    state: reports,
    outcome: {
      'admin': [LIST, ONE_REPORT],
      'officer of this unit': [LIST, ONE_REPORT],
      'officer of another unit': ['还没有报送记录。', ONE_REPORT],
      'member': [NOT_OFFICER, ONE_REPORT],
    },
  },
  '我的报送': {
    message: '我的报送',
    state: reports,
    outcome: {
      'admin': [LIST, ONE_REPORT],
      'officer of this unit': [LIST, ONE_REPORT],
      'officer of another unit': ['还没有报送记录。', ONE_REPORT],
      'member': [NOT_OFFICER, ONE_REPORT],
    },
  },
  '报送 列表 -u 城关镇': {
    message: '报送 列表 -u 城关镇',
    state: reports,
    outcome: {
      'admin': [LIST, ONE_REPORT],
      'officer of this unit': [LIST, ONE_REPORT],
      'officer of another unit': [OTHER_UNIT, ONE_REPORT],
      'member': [NOT_OFFICER, ONE_REPORT],
    },
  },
  '报送 查看 1': {
    message: '报送 查看 1',
    state: reports,
    outcome: {
      'admin': [VIEW, ONE_REPORT],
      'officer of this unit': [VIEW, ONE_REPORT],
      'officer of another unit': [NOT_YOURS, ONE_REPORT],
      'member': [NOT_OFFICER, ONE_REPORT],
    },
  },
  '报送 修改 1 -p 350': {
    message: '报送 修改 1 -p 350',
    state: async () => [await reports(), await audits()],
    outcome: {
      'admin': [EDITED, [[[1, 1, 'mock:o1', 350, 'active']], [...CREATED, [1, 'edit', 'mock:admin']]]],
      'officer of this unit': [EDITED, [[[1, 1, 'mock:o1', 350, 'active']], [...CREATED, [1, 'edit', 'mock:o1']]]],
      'officer of another unit': [NOT_YOURS, [ONE_REPORT, CREATED]],
      'member': [NOT_OFFICER, [ONE_REPORT, CREATED]],
    },
  },
  '报送 撤回 1': {
    message: '报送 撤回 1',
    state: async () => [await reports(), await audits()],
    outcome: {
      'admin': [WITHDRAWN, [[[1, 1, 'mock:o1', 300, 'withdrawn']], [...CREATED, [1, 'withdraw', 'mock:admin']]]],
      'officer of this unit': [WITHDRAWN, [[[1, 1, 'mock:o1', 300, 'withdrawn']], [...CREATED, [1, 'withdraw', 'mock:o1']]]],
      'officer of another unit': [NOT_YOURS, [ONE_REPORT, CREATED]],
      'member': [NOT_OFFICER, [ONE_REPORT, CREATED]],
    },
  },
  '单位 列表': {
    message: '单位 列表',
    state: async () => (await activeUnits()).length,
    outcome: {
      'admin': [UNITS, ALL_UNITS],
      'officer of this unit': [UNITS, ALL_UNITS],
      'officer of another unit': [UNITS, ALL_UNITS],
      'member': [UNITS, ALL_UNITS],
    },
  },
  '单位 添加': {
    message: '单位 添加 城关司法所 -k 部门',
    state: async () => (await activeUnits()).includes('城关司法所'),
    outcome: {
      'admin': ['已添加单位：城关司法所（部门）。', true],
      'officer of this unit': [adminOnly('单位.添加', 'officer of this unit'), false],
      'officer of another unit': [adminOnly('单位.添加', 'officer of another unit'), false],
      'member': [adminOnly('单位.添加', 'member'), false],
    },
  },
  '单位 停用': {
    message: '单位 停用 城关镇',
    state: async () => (await activeUnits()).includes('城关镇'),
    outcome: {
      'admin': ['已停用“城关镇”：不再计入未报送名单，历史报送保留。', false],
      'officer of this unit': [adminOnly('单位.停用', 'officer of this unit'), true],
      'officer of another unit': [adminOnly('单位.停用', 'officer of another unit'), true],
      'member': [adminOnly('单位.停用', 'member'), true],
    },
  },
  '单位 邀请': {
    message: '单位 邀请 城关镇',
    state: invites,
    outcome: {
      'admin': ['“城关镇”的联络员邀请码已私信发给你，请查收。为防止他人抢先使用，邀请码不在群里公开。', 3],
      'officer of this unit': [adminOnly('单位.邀请', 'officer of this unit'), 2],
      'officer of another unit': [adminOnly('单位.邀请', 'officer of another unit'), 2],
      'member': [adminOnly('单位.邀请', 'member'), 2],
    },
  },
  '绑定 <邀请码>': {
    message: async () => `绑定 ${await invite(t, '城关镇')}`,
    state: officers,
    outcome: {
      'admin': [BOUND, [['admin', 1], ...OFFICERS]],
      'officer of this unit': [BOUND, OFFICERS],
      'officer of another unit': [`${BOUND}（原来所在的单位是「东城街道」，已改为新单位。）`, [['o1', 1], ['o2', 1]]],
      'member': [BOUND, [['m1', 1], ...OFFICERS]],
    },
  },
  '联络员 列表': {
    message: '联络员 列表',
    state: officers,
    outcome: {
      'admin': ['联络员 2 人：\n· 城关镇：o1（mock:o1）\n· 东城街道：o2（mock:o2）', OFFICERS],
      'officer of this unit': [adminOnly('联络员.列表', 'officer of this unit'), OFFICERS],
      'officer of another unit': [adminOnly('联络员.列表', 'officer of another unit'), OFFICERS],
      'member': [adminOnly('联络员.列表', 'member'), OFFICERS],
    },
  },
  '联络员 移除': {
    message: '联络员 移除 mock:o2',
    state: officers,
    outcome: {
      'admin': ['已移除联络员“mock:o2”，其已登记的报送保留。', [['o1', 1]]],
      'officer of this unit': [adminOnly('联络员.移除', 'officer of this unit'), OFFICERS],
      'officer of another unit': [adminOnly('联络员.移除', 'officer of another unit'), OFFICERS],
      'member': [adminOnly('联络员.移除', 'member'), OFFICERS],
    },
  },
}

const MATRIX = Object.keys(CASES).flatMap(command => ROLES.map(role => [command, role] as const))

describe('authorisation matrix', () => {
  it.each(MATRIX)('%s × %s', async (command, role) => {
    const { message, state, outcome } = CASES[command]
    const [reply, after] = outcome[role]
    const text = typeof message === 'string' ? message : await message()
    const replies = await t.client(USER[role], 'g1').receive(text)
    expect(replies).toHaveLength(1)
    if (typeof reply === 'string') expect(replies[0]).toBe(reply)
    else expect(replies[0]).toMatch(reply)
    expect(await state()).toEqual(after)
  })
})

describe('roles at the edges', () => {
  it('an admin who is also an officer reports for their own unit without -u', async () => {
    await bindOfficer(t, 'admin', '东城街道')
    expect(await t.admin('g1').receive('报送 普法讲座 -d 2026-12-09 -p 100')).toEqual(['已登记 #2｜东城街道｜2026-12-09｜法治宣传教育｜100人次｜0份'])
  })

  it('a user with Koishi authority 3 is an admin for units and reports', async () => {
    await t.app.mock.initUser('boss', 3)
    expect(await t.client('boss', 'g1').receive('单位 添加 城关司法所 -k 部门')).toEqual(['已添加单位：城关司法所（部门）。'])
    expect(await t.client('boss', 'g1').receive('报送 修改 1 -p 350')).toEqual([EDITED])
    expect(await audits()).toEqual([...CREATED, [1, 'edit', 'mock:boss']])
  })

  it('an officer removed or whose unit is deactivated becomes a member again', async () => {
    await t.admin('g1').receive('联络员 移除 mock:o1')
    expect(await t.client('o1', 'g1').receive('报送 查看 1')).toEqual([NOT_OFFICER])
    await t.admin('g1').receive('单位 停用 东城街道')
    expect(await t.client('o2', 'g1').receive('报送 普法讲座 -d 2026-12-09 -p 100')).toEqual([NOT_OFFICER])
    expect(await reports()).toEqual(ONE_REPORT)
  })
})
