import { Context } from 'koishi'
import { Amounts, DraftFigures, DutyLine, UnitDuties } from '../../../src/annual-report/figures'
import { DutyProgress, target } from '../../../src/duties/progress'
import { Period } from '../../../src/ledger/periods'
import { daysInMonth, formatDate, LocalDate } from '../../../src/time/local-date'
import { GroupTotals, LedgerFilter, silentUnits, unitNames } from '../../ledger/src/queries'
import { Unit } from '../../reports/src/models'

/** Activities listed under 主要活动. */
const TOP = 10

const amounts = (row: Amounts): Amounts => ({ count: row.count, participants: row.participants, materials: row.materials })

function dutyLine(p: DutyProgress): DutyLine {
  return { title: p.duty.title, metric: p.duty.measure && target(p.duty.measure).metric, target: p.target, done: p.done, due: p.due, state: p.state }
}

function unitDuties(unit: Unit, progress: DutyProgress[]): UnitDuties {
  const unmet = progress.filter(p => p.state !== 'done')
  return { unit: unit.name, total: progress.length, met: progress.length - unmet.length, unmet: unmet.map(p => p.duty.title) }
}

/**
 * Every figure of a unit's 履职报告 (or, without a unit, the county's 年度普法工作总结) for a
 * year, from the ledger's own queries and the 责任清单 progress, as of `today`.
 */
export async function gatherFigures(ctx: Context, year: number, unit: Unit | undefined, today: LocalDate): Promise<DraftFigures> {
  const ledger = ctx.pufaLedger
  // A past year is reported as it stood at its end.
  const asOf = today > `${year}-12-31` ? `${year}-12-31` : today
  const period: Period = { from: `${year}-01-01`, to: `${year}-12-31`, label: String(year) }
  const filter: LedgerFilter = { period, ...unit && { unitIds: [unit.id] } }
  const named = (rows: GroupTotals[], name: (key: string) => string) => rows.map(row => ({ name: name(row.key), ...amounts(row) }))

  const totals = await ledger.sums(filter)
  const calendar = ctx.pufaContent.calendar
  const byMonth: Amounts[] = []
  for (let month = 1; month <= 12; month++) {
    const from = formatDate(year, month, 1), to = formatDate(year, month, daysInMonth(year, month))
    byMonth.push(amounts(await ledger.sums({ ...filter, period: { from, to, label: '' } })))
  }
  const reports = await ledger.topReports(filter, TOP)
  const names = unit ? new Map<number, string>() : await unitNames(ctx, reports.map(r => r.unitId))
  const figures: DraftFigures = {
    year,
    asOf,
    generatedOn: today,
    unit: unit?.name,
    totals: amounts(totals),
    photos: await ledger.photoCount(filter),
    byTheme: named(await ledger.totalsBy(filter, 'theme'), key => key),
    byForm: named(await ledger.totalsBy(filter, 'form'), key => key),
    byKeyDate: named((await ledger.totalsBy(filter, 'keyDate')).filter(row => row.key), key => calendar.get(key)?.name ?? key),
    byMonth,
    top: reports.map(r => ({
      date: r.date, title: r.title, place: r.place, participants: r.participants, materials: r.materials,
      ...!unit && { unit: names.get(r.unitId) ?? `#${r.unitId}` },
    })),
  }
  if (unit) {
    figures.duties = (await ctx.pufaDuties.progress(unit, year, asOf))?.progress.map(dutyLine)
    return figures
  }
  const units = await ctx.pufaReports.activeUnits()
  const silent = await silentUnits(ctx, filter)
  let duties: UnitDuties[] | undefined
  if (ctx.pufaDuties.list(year)) {
    duties = []
    for (const each of units) duties.push(unitDuties(each, (await ctx.pufaDuties.progress(each, year, asOf))!.progress))
  }
  figures.county = { units: units.length, reported: totals.units, silent: silent.units.map(u => u.name), duties }
  return figures
}
