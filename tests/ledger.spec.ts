import { existsSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Report } from '../plugins/reports/src/models'
import { at, createBot, ROOT, TestBot } from './helpers/bot'
import { invite } from './helpers/reports'

let t: TestBot
const units = new Map<string, number>()

/** Binds a liaison officer to a unit through an invite, as an admin and the officer would. */
async function bindOfficer(userId: string, unit: string) {
  await t.client(userId, 'work').receive(`绑定 ${await invite(t, unit)}`)
}

type Seed = Pick<Report, 'date' | 'participants' | 'materials' | 'theme'> & { unit: string; status?: Report['status']; keyDate?: string }

const SEEDS: Seed[] = [
  { unit: '城关镇', date: '2026-12-01', participants: 300, materials: 500, theme: '宪法', keyDate: 'constitution-week' },
  { unit: '城关镇', date: '2026-12-04', participants: 1200, materials: 2000, theme: '宪法', keyDate: 'constitution-day' },
  { unit: '城关镇', date: '2026-12-15', participants: 80, materials: 0, theme: '反诈' },
  { unit: '城关镇', date: '2026-12-16', participants: 999, materials: 999, theme: '宪法', status: 'withdrawn' },
  { unit: '县教育局', date: '2026-12-03', participants: 450, materials: 300, theme: '宪法', keyDate: 'constitution-week' },
  { unit: '县教育局', date: '2026-11-20', participants: 60, materials: 20, theme: '消防', keyDate: 'fire-safety-month' },
  { unit: '城关小学', date: '2026-12-31', participants: 700, materials: 100, theme: '交通安全' },
  { unit: '城关小学', date: '2027-01-02', participants: 50, materials: 10, theme: '交通安全' },
  { unit: '县公安局', date: '2026-12-02', participants: 2500, materials: 3000, theme: '交通安全', keyDate: 'traffic-safety-day' },
  { unit: '河口乡', date: '2025-12-04', participants: 100, materials: 100, theme: '宪法', keyDate: 'constitution-day' },
]

beforeEach(async () => {
  // Only the clock is fake: the Excel writer needs real timers, and nothing here is scheduled.
  vi.useFakeTimers({ now: at('2026-12-20 10:00'), toFake: ['Date'] })
  t = await createBot()
  for (const unit of await t.app.database.get('pufa_unit', {})) units.set(unit.name, unit.id)
  await bindOfficer('o1', '城关镇')
  await bindOfficer('o2', '县教育局')
  await bindOfficer('o3', '城关小学')
  // Seeded through the write path every report takes (report, audit entry, ledger totals);
  // the withdrawn one is withdrawn as an admin would.
  for (const [index, seed] of SEEDS.entries()) {
    const { unit, status = 'active', keyDate = '', ...fields } = seed
    const report = await t.app.pufaReports.audit('create', 'seed', null, db => db.create('pufa_report', {
      ...fields, unitId: units.get(unit)!, title: `活动${index + 1}`, place: '', form: '讲座', keyDate, photos: [],
      status: 'active', source: 'line', createdBy: 'seed', createdAt: new Date(), updatedAt: new Date(),
    }))
    if (status === 'withdrawn') expect(await t.admin('office').receive(`报送 撤回 ${report.id}`)).toEqual([`已撤回 #${report.id}：这条报送不再计入台账，记录和修改历史保留。`])
  }
})

afterEach(async () => {
  await t.dispose()
  vi.useRealTimers()
})

/** Independent sums over the seeds: active reports of a unit within [from, to]. */
function expected(unit: string, from: string, to: string) {
  const rows = SEEDS.filter(s => s.unit === unit && (s.status ?? 'active') === 'active' && s.date >= from && s.date <= to)
  return { count: rows.length, participants: rows.reduce((n, r) => n + r.participants, 0), materials: rows.reduce((n, r) => n + r.materials, 0) }
}

describe('台账', () => {
  it('gives per-unit rows whose totals match an independent sum, withdrawn reports left out', async () => {
    const [reply] = await t.admin('office').receive('台账')
    const lines = reply.split('\n')
    const inMonth = ['城关镇', '县教育局', '城关小学', '县公安局'].map(unit => ({ unit, ...expected(unit, '2026-12-01', '2026-12-31') }))
    const total = inMonth.reduce((sum, row) => ({ count: sum.count + row.count, participants: sum.participants + row.participants, materials: sum.materials + row.materials }), { count: 0, participants: 0, materials: 0 })
    expect(total).toEqual({ count: 6, participants: 5230, materials: 5900 })
    expect(lines[0]).toBe('2026年12月台账：4 个单位报送 6 场，参与 5,230 人次，发放资料 5,900 份')
    expect(lines.slice(1, 5)).toEqual([
      '1. 城关镇　3场｜1,580人次｜2,500份｜最近 12-15',
      '2. 县公安局　1场｜2,500人次｜3,000份｜最近 12-02',
      '3. 城关小学　1场｜700人次｜100份｜最近 12-31',
      '4. 县教育局　1场｜450人次｜300份｜最近 12-03',
    ])
    expect(lines[5]).toBe('未报送 8 个单位：东城街道、河口乡、县市场监管局、县人社局、县第一中学、县供电公司、城关镇东街社区、河口乡柳树村')
  })

  it('counts a period across the year boundary and a key-date window', async () => {
    vi.setSystemTime(at('2027-01-10 10:00'))
    const [boundary] = await t.admin('office').receive('台账 2026-12-28~2027-01-03')
    expect(boundary.split('\n')[0]).toBe('2026-12-28~2027-01-03台账：1 个单位报送 2 场，参与 750 人次，发放资料 110 份')
    const [week] = await t.admin('office').receive('台账 宪法宣传周 2026')
    expect(week.split('\n')[0]).toBe('宪法宣传周（2026-12-01~12-07）台账：3 个单位报送 4 场，参与 4,450 人次，发放资料 5,800 份')
    const [tagged] = await t.admin('office').receive('台账 2026-12 -n 宪法宣传周')
    // Tagged to the week or to 12·4 inside it; 12·2 交通安全日 is a key date of its own.
    expect(tagged.split('\n')[0]).toBe('2026年12月台账：2 个单位报送 3 场，参与 1,950 人次，发放资料 2,800 份')
  })

  it('filters by theme and shows one unit in detail', async () => {
    const [theme] = await t.admin('office').receive('台账 -t 交通安全')
    expect(theme.split('\n')[0]).toBe('2026年12月台账：2 个单位报送 2 场，参与 3,200 人次，发放资料 3,100 份')
    const [unit] = await t.admin('office').receive('台账 -u 城关镇')
    expect(unit).toBe([
      '城关镇 2026年12月：3 场，参与 1,580 人次，发放资料 2,500 份',
      '#3 12-15 活动3｜80人次｜0份',
      '#2 12-04 活动2｜1,200人次｜2,000份',
      '#1 12-01 活动1｜300人次｜500份',
    ].join('\n'))
  })

  it('shows an officer only their own unit and refuses others', async () => {
    const [own] = await t.client('o2', 'work').receive('台账')
    expect(own.split('\n')).toEqual(['2026年12月台账：1 个单位报送 1 场，参与 450 人次，发放资料 300 份', '1. 县教育局　1场｜450人次｜300份｜最近 12-03'])
    await t.client('o2', 'work').shouldReply('台账 -u 城关镇', '联络员只能查看本单位（县教育局）的台账。')
    await t.client('m1', 'work').shouldReply('台账', '台账只对普法办管理员和各单位联络员开放。联络员请先用「绑定 邀请码」绑定单位。')
  })

  it('explains a period it does not understand', async () => {
    await t.admin('office').shouldReply('台账 下下个月', /^看不懂期间“下下个月”。可以写：本月、上月、本季度、今年/)
    await t.admin('office').shouldReply('台账 宪法周', /^看不懂期间“宪法周”，是不是“宪法宣传周”？/)
  })
})

describe('未报送 and 催报', () => {
  it('lists units without reports, and drops a unit once it reports', async () => {
    const [before] = await t.admin('office').receive('未报送 上月')
    expect(before.split('\n')[0]).toBe('2026年11月未报送 11 个单位（共 12 个）：')
    expect(before).toContain('· 城关镇（联络员：o1）')
    expect(before).toContain('· 东城街道（未绑定联络员）')
    expect(before).not.toContain('县教育局')
    await t.client('o1', 'work').receive('报送 普法讲座 -d 2026-11-30 -p 40 -t 宪法')
    const [after] = await t.admin('office').receive('未报送 上月')
    expect(after.split('\n')[0]).toBe('2026年11月未报送 10 个单位（共 12 个）：')
    expect(after).not.toContain('· 城关镇（')
  })

  it('催报 mentions exactly the officers of units that have not reported', async () => {
    const replies = await t.admin('work').receive('催报 上月')
    const mentions = [...replies[0].matchAll(/<at id="([^"]+)"/g)].map(m => m[1])
    expect(mentions).toEqual(['o1', 'o3'])
    expect(replies[0]).toMatch(/^【催报】2026年11月以下单位还没有报送，请联络员抓紧用「报送」登记：/)
    expect(replies[1]).toBe('已催报 2 个单位。\n无法联系：东城街道、河口乡、县公安局、县市场监管局、县人社局、县第一中学、县供电公司、城关镇东街社区、河口乡柳树村（未绑定联络员，请用「单位 邀请」生成邀请码）。')
  })

  it('催报 is for admins', async () => {
    await t.client('o1', 'work').shouldReply('催报', /^「催报」仅限管理员/)
  })
})

describe('导出', () => {
  it('writes an .xlsx ledger that opens with its cells right', async () => {
    const [reply] = await t.admin('office').receive('导出')
    const path = /文件：(.+\.xlsx)$/.exec(reply)![1]
    expect(reply).toMatch(/^已导出 2026年12月台账：6 条报送、12 个单位。/)
    const file = join(ROOT, path)
    expect(existsSync(file)).toBe(true)
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(file)
    expect(book.worksheets.map(sheet => sheet.name)).toEqual(['明细', '单位汇总', '主题汇总', '节点汇总'])
    const detail = book.getWorksheet('明细')!
    const ids: number[] = []
    detail.eachRow((row, n) => {
      const id = row.getCell(1).value
      if (typeof id === 'number') ids.push(id)
    })
    expect(ids.sort((a, b) => a - b)).toEqual([1, 2, 3, 5, 7, 9])
    const summary = book.getWorksheet('单位汇总')!
    const rows: Record<string, unknown[]> = {}
    summary.eachRow((row) => {
      const values = row.values as unknown[]
      if (typeof values[1] === 'string') rows[values[1]] = values.slice(1)
    })
    const town = expected('城关镇', '2026-12-01', '2026-12-31')
    expect(rows['城关镇'].slice(2, 5)).toEqual([town.count, town.participants, town.materials])
    expect(rows['东城街道'].slice(2, 5)).toEqual([0, 0, 0])
  })

  it('writes every active report of the period as the database holds it', async () => {
    const [reply] = await t.admin('office').receive('导出')
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(join(ROOT, /文件：(.+\.xlsx)$/.exec(reply)![1]))
    const written: unknown[][] = []
    book.getWorksheet('明细')!.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1)
      if (typeof values[0] === 'number') written.push(values)
    })
    // Read independently, through the ORM.
    const stored = await t.app.database.get('pufa_report', { status: 'active', date: { $gte: '2026-12-01', $lte: '2026-12-31' } }, { sort: { id: 'asc' } })
    // An empty text is left out of the sheet, not written as an empty cell.
    expect(written.map(([id, , , title, date, place, participants, materials, theme, form]) =>
      [id, title, (date as Date).toISOString().slice(0, 10), place ?? '', participants, materials, theme ?? '', form ?? '']))
      .toEqual(stored.map(r => [r.id, r.title, r.date, r.place, r.participants, r.materials, r.theme, r.form]))
    expect(written.map(values => (values[14] as Date).toISOString().slice(0, 16)))
      .toEqual(stored.map(r => new Date(r.createdAt.getTime() + 8 * 3600_000).toISOString().slice(0, 16)))
  })

  it('says first that it is working when the export is long', async () => {
    const file = t.file!
    await t.stop()
    const long = await createBot({ file, ledger: { noticeRows: 6 } })
    try {
      const replies = await long.admin('office').receive('导出')
      expect(replies).toHaveLength(2)
      expect(replies[0]).toBe('正在导出2026年12月台账，共 6 条报送，需要一些时间，完成后会回复文件位置。')
      expect(replies[1]).toMatch(/^已导出 2026年12月台账：6 条报送、12 个单位。/)
      expect(await long.admin('office').receive('导出 上月')).toEqual([expect.stringMatching(/^已导出 2026年11月台账：1 条报送、12 个单位。/)])
    } finally {
      await long.stop()
    }
  })
})
