// The ledger's kept totals (pufa_report_total): moved by every report, edit and withdrawal
// in the same transaction, rebuilt at start-up for a database that predates them.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { at, createBot, TestBot } from './helpers/bot'
import { tempDatabase } from './helpers/db-dir'
import { recountTotals, reportRows, sortTotals } from './helpers/reports'

let t: TestBot

beforeEach(async () => {
  vi.useFakeTimers({ now: at('2026-12-20 10:00'), toFake: ['Date'] })
  t = await createBot()
})

afterEach(async () => {
  await t.dispose()
  vi.useRealTimers()
})

const totalRows = async (bot = t) => sortTotals(await bot.app.database.get('pufa_report_total', {}))

/** The totals recounted from the report rows, independently of the code under test. */
const recount = (bot = t) => recountTotals(bot)

const admin = () => t.admin('office')

describe('totals kept with the reports', () => {
  it('follows a report, an edit into another month and a withdrawal, as 台账 shows', async () => {
    const [unit] = await t.app.database.get('pufa_unit', { name: '城关镇' })
    expect(await admin().receive('报送 宪法宣讲 -u 城关镇 -d 2026-12-04 -p 300 -m 500 -t 宪法'))
      .toEqual(['已登记 #1｜城关镇｜2026-12-04｜宪法｜300人次｜500份'])
    expect(await admin().receive('报送 禁毒宣传 -u 城关镇 -d 2026-12-09 -p 80 -t 禁毒'))
      .toEqual(['已登记 #2｜城关镇｜2026-12-09｜禁毒｜80人次｜0份'])
    const both = { unitId: unit.id, count: 2, participants: 380, materials: 500, lastDate: '2026-12-09' }
    expect(await totalRows()).toEqual([
      { period: '2026', ...both },
      { period: '2026-12', ...both },
      { period: '2026Q4', ...both },
    ])
    expect((await admin().receive('台账 本月'))[0].split('\n')[1]).toBe('1. 城关镇　2场｜380人次｜500份｜最近 12-09')

    await admin().receive('报送 修改 2 -d 2026-09-20 -p 90')
    const year = { unitId: unit.id, count: 2, participants: 390, materials: 500, lastDate: '2026-12-04' }
    const december = { unitId: unit.id, count: 1, participants: 300, materials: 500, lastDate: '2026-12-04' }
    const september = { unitId: unit.id, count: 1, participants: 90, materials: 0, lastDate: '2026-09-20' }
    expect(await totalRows()).toEqual([
      { period: '2026', ...year },
      { period: '2026-09', ...september },
      { period: '2026-12', ...december },
      { period: '2026Q3', ...september },
      { period: '2026Q4', ...december },
    ])

    // Withdrawing the latest report takes the year's latest date back to the one before.
    await admin().receive('报送 撤回 1')
    expect(await totalRows()).toEqual([
      { period: '2026', ...september },
      { period: '2026-09', ...september },
      { period: '2026Q3', ...september },
    ])
    expect((await admin().receive('台账 本月'))[0]).toBe('2026年12月还没有任何报送。')
    expect((await admin().receive('台账 今年'))[0].split('\n').slice(0, 2)).toEqual([
      '2026年台账：1 个单位报送 1 场，参与 90 人次，发放资料 0 份',
      '1. 城关镇　1场｜90人次｜0份｜最近 09-20',
    ])
  })

  it('always equals a recount of the reports after a run of reports, edits and withdrawals', async () => {
    const units = ['城关镇', '东城街道', '河口乡', '县教育局']
    // A fixed pseudo-random run across the year boundary (dates from 2025-12-20 to 2026-12-20).
    let seed = 20261220
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return Math.floor(seed / 65536) % n
    }
    const date = () => {
      const day = new Date(Date.UTC(2025, 11, 20) + next(366) * 86_400_000)
      return day.toISOString().slice(0, 10)
    }
    let reports = 0
    for (let step = 0; step < 40; step++) {
      const action = reports < 3 ? 0 : next(4)
      if (action <= 1) {
        const [reply] = await admin().receive(`报送 活动${step} -u ${units[next(units.length)]} -d ${date()} -p ${next(500)} -m ${next(300)}`)
        expect(reply).toMatch(/^已登记 #\d+/)
        reports++
      } else if (action === 2) {
        const [reply] = await admin().receive(`报送 修改 ${1 + next(reports)} -d ${date()} -p ${next(500)}`)
        expect(reply).toMatch(/^已修改 #\d+|已撤回，不能再修改/)
      } else {
        const [reply] = await admin().receive(`报送 撤回 ${1 + next(reports)}`)
        expect(reply).toMatch(/^已撤回 #\d+|已经撤回过了/)
      }
    }
    const expected = await recount()
    expect(expected.length).toBeGreaterThan(20)
    expect((await reportRows(t)).some(report => report.status === 'withdrawn')).toBe(true)
    expect(await totalRows()).toEqual(expected)

    // A period read from several kept totals (a month of 2025 and the year 2026) sums right.
    const inPeriod = (await reportRows(t)).filter(report => report.status === 'active' && report.date >= '2025-12-01')
    const [header] = (await admin().receive('台账 2025-12-01~2026-12-31'))[0].split('\n')
    const people = inPeriod.reduce((sum, report) => sum + report.participants, 0)
    expect(header).toBe(`2025-12-01~2026-12-31台账：${new Set(inPeriod.map(r => r.unitId)).size} 个单位报送 ${inPeriod.length} 场，`
      + `参与 ${people.toLocaleString('en-US')} 人次，`
      + `发放资料 ${inPeriod.reduce((sum, report) => sum + report.materials, 0).toLocaleString('en-US')} 份`)
  })
})

describe('a database from before the totals', () => {
  it('gets its totals rebuilt from the reports at start-up, once', async () => {
    const temp = tempDatabase()
    const first = await createBot({ file: temp.file })
    try {
      const [town] = await first.app.database.get('pufa_unit', { name: '城关镇' })
      const [school] = await first.app.database.get('pufa_unit', { name: '城关小学' })
      // Written straight into the table, as a version without totals left them.
      const rows: [number, string, number, 'active' | 'withdrawn'][] = [
        [town.id, '2026-12-04', 300, 'active'],
        [town.id, '2026-11-10', 50, 'active'],
        [school.id, '2026-12-01', 700, 'active'],
        [school.id, '2026-12-02', 999, 'withdrawn'],
        [school.id, '2025-12-31', 20, 'active'],
      ]
      for (const [unitId, date, participants, status] of rows) {
        await first.app.database.create('pufa_report', {
          unitId, title: `活动${date}`, date, place: '', participants, materials: 10, theme: '宪法', form: '讲座', keyDate: '',
          photos: [], status, source: 'line', createdBy: 'old', createdAt: new Date(), updatedAt: new Date(),
        })
      }
      expect(await totalRows(first)).toEqual([])
    } finally {
      await first.stop()
    }

    const second = await createBot({ file: temp.file })
    try {
      expect(await totalRows(second)).toEqual(await recount(second))
      expect((await second.admin('office').receive('台账 今年'))[0].split('\n').slice(0, 3)).toEqual([
        '2026年台账：2 个单位报送 3 场，参与 1,050 人次，发放资料 30 份',
        '1. 城关镇　2场｜350人次｜20份｜最近 12-04',
        '2. 城关小学　1场｜700人次｜10份｜最近 12-01',
      ])
      // In agreement now: the next start-up check writes nothing.
      expect(await second.app.pufaReports.ensureTotals()).toBe(0)
    } finally {
      await second.stop()
      temp.remove()
    }
  })
  it('rebuilds them after a version without totals moved a report to another month', async () => {
    const temp = tempDatabase()
    const first = await createBot({ file: temp.file })
    try {
      await first.admin('office').receive('报送 宪法宣讲 -u 城关镇 -d 2026-12-04 -p 300')
      await first.admin('office').receive('报送 禁毒宣传 -u 城关镇 -d 2026-12-09 -p 80')
      // An older version edits #2 into November: report and audit entry, no totals.
      const [report] = await first.app.database.get('pufa_report', { id: 2 })
      await first.app.database.set('pufa_report', { id: 2 }, { date: '2026-11-28' })
      await first.app.database.create('pufa_report_audit', {
        reportId: 2, action: 'edit', by: 'mock:admin', at: new Date(), before: report, after: { ...report, date: '2026-11-28' },
      })
    } finally {
      await first.stop()
    }

    const second = await createBot({ file: temp.file })
    try {
      // The count of active reports never changed; the audit entry behind the totals gives it away.
      expect(await totalRows(second)).toEqual(await recount(second))
      expect((await second.admin('office').receive('台账 上月'))[0].split('\n').slice(0, 2)).toEqual([
        '2026年11月台账：1 个单位报送 1 场，参与 80 人次，发放资料 0 份',
        '1. 城关镇　1场｜80人次｜0份｜最近 11-28',
      ])
    } finally {
      await second.stop()
      temp.remove()
    }
  })
})
