// The pufaLedger service's figures for the console page, checked against independent sums
// of reports seeded through the write path every report takes.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Report } from '../plugins/reports/src/models'
import { parsePeriod } from '../src/ledger/periods'
import { at, createBot, TestBot } from './helpers/bot'

type Seed = Pick<Report, 'date' | 'participants' | 'materials'> & { unit: string; withdrawn?: boolean }

const SEEDS: Seed[] = [
  { unit: '城关镇', date: '2026-01-10', participants: 10, materials: 1 },
  { unit: '城关镇', date: '2026-01-20', participants: 20, materials: 2 },
  { unit: '城关镇', date: '2026-02-14', participants: 40, materials: 4 },
  { unit: '城关镇', date: '2026-03-09', participants: 80, materials: 8, withdrawn: true },
  { unit: '县公安局', date: '2026-02-28', participants: 160, materials: 16 },
  { unit: '县公安局', date: '2026-03-10', participants: 320, materials: 32 },
  { unit: '县公安局', date: '2026-03-11', participants: 640, materials: 64 },
]

let t: TestBot

beforeEach(async () => {
  vi.useFakeTimers({ now: at('2026-07-01 10:00'), toFake: ['Date'] })
  t = await createBot()
  const units = new Map((await t.app.database.get('pufa_unit', {})).map(unit => [unit.name, unit.id]))
  for (const [index, seed] of SEEDS.entries()) {
    const { unit, withdrawn, ...fields } = seed
    await t.app.pufaReports.audit('create', 'seed', null, db => db.create('pufa_report', {
      ...fields, unitId: units.get(unit)!, title: `活动${index + 1}`, place: '', theme: '宪法', form: '讲座', keyDate: '',
      photos: [], status: withdrawn ? 'withdrawn' : 'active', source: 'line', createdBy: 'seed', createdAt: new Date(), updatedAt: new Date(),
    }))
  }
})

afterEach(async () => {
  await t.dispose()
  vi.useRealTimers()
})

function filterFor(text: string) {
  const parsed = parsePeriod(text, '2026-07-01', t.app.pufaContent.calendar)
  if (!parsed.ok) throw new Error(parsed.problem.code)
  return { period: parsed.period }
}

/** Independent sums over the active seeds dated within [from, to]. */
function expected(from: string, to: string) {
  const picked = SEEDS.filter(s => !s.withdrawn && s.date >= from && s.date <= to)
  return {
    units: new Set(picked.map(s => s.unit)).size,
    count: picked.length,
    participants: picked.reduce((n, s) => n + s.participants, 0),
    materials: picked.reduce((n, s) => n + s.materials, 0),
  }
}

describe('pufaLedger figures by month', () => {
  it('counts each month only inside the period, and the months add up to the period', async () => {
    const filter = filterFor('2026-01-15~2026-03-10')
    const months = await t.app.pufaLedger.byMonth(filter)
    expect(months).toEqual([
      { month: '2026-01', ...expected('2026-01-15', '2026-01-31') },
      { month: '2026-02', ...expected('2026-02-01', '2026-02-28') },
      { month: '2026-03', ...expected('2026-03-01', '2026-03-10') },
    ])
    const total = await t.app.pufaLedger.sums(filter)
    expect(total).toMatchObject(expected('2026-01-15', '2026-03-10'))
    for (const field of ['count', 'participants', 'materials'] as const) {
      expect(months.reduce((n, m) => n + m[field], 0)).toBe(total[field])
    }
  })

  it('gives every month of a whole-month period, months without reports as zero', async () => {
    const months = await t.app.pufaLedger.byMonth(filterFor('本季度'))
    expect(months.map(m => m.month)).toEqual(['2026-07', '2026-08', '2026-09'])
    expect(months.every(m => m.count === 0)).toBe(true)
    const quarter = await t.app.pufaLedger.byMonth(filterFor('2026Q1'))
    expect(quarter.map(m => m.count)).toEqual([2, 2, 2])
  })
})

describe('pufaLedger units', () => {
  it('lists every unit that reported as 台账 ranks them, and the rest as not reported', async () => {
    const filter = filterFor('2026Q1')
    const units = await t.app.pufaLedger.unitTotals(filter)
    const names = await t.app.pufaLedger.unitNames(units.map(u => u.unitId))
    expect(units.map(u => [names.get(u.unitId), u.count, u.participants, u.materials, u.lastDate])).toEqual([
      ['县公安局', 3, 1120, 112, '2026-03-11'],
      ['城关镇', 3, 70, 7, '2026-02-14'],
    ])
    const silent = await t.app.pufaLedger.silentUnits(filter)
    const active = await t.app.database.get('pufa_unit', { active: true })
    expect(silent.map(u => u.name).sort()).toEqual(active.map(u => u.name).filter(n => n !== '城关镇' && n !== '县公安局').sort())
  })

  it('answers for a filter as it is now when the same filter object is changed between reads', async () => {
    const filter: ReturnType<typeof filterFor> & { unitIds?: number[] } = filterFor('2026Q1')
    expect((await t.app.pufaLedger.unitTotals(filter)).length).toBe(2)
    const [town] = await t.app.database.get('pufa_unit', { name: '城关镇' })
    filter.unitIds = [town.id]
    expect((await t.app.pufaLedger.unitTotals(filter)).map(u => [u.unitId, u.count])).toEqual([[town.id, 3]])
    expect(await t.app.pufaLedger.silentUnits(filter)).toEqual([])
    filter.period = filterFor('2026-07').period
    expect(await t.app.pufaLedger.unitTotals(filter)).toEqual([])
    expect(await t.app.pufaLedger.silentUnits(filter)).toEqual([{ id: town.id, name: '城关镇' }])
  })
})
