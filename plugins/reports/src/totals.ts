import { $, Context, Row } from 'koishi'
import { keyRange, rollupKeys } from '../../../src/ledger/rollup'
import { dateParts, daysInMonth, formatDate } from '../../../src/time/local-date'
import { Report, ReportTotal } from './models'

type Database = Context['database']
type Sums = Omit<ReportTotal, 'period' | 'unitId'>

/** What a unit's reports add up to, for groupBy('unitId', …): the totals and the ledger's week and filter queries. */
export const reportSums = {
  count: (row: Row<Report>) => $.length(row.id),
  participants: (row: Row<Report>) => $.sum(row.participants),
  materials: (row: Row<Report>) => $.sum(row.materials),
  lastDate: (row: Row<Report>) => $.max(row.date),
}

const sums = (row: { count: number; participants?: number; materials?: number; lastDate?: string }): Sums => ({
  count: Number(row.count),
  participants: Number(row.participants ?? 0),
  materials: Number(row.materials ?? 0),
  lastDate: String(row.lastDate ?? ''),
})

/** reportSums of the reports dated within [from, to] only, for a grouping that reads a wider range. */
function sumsWithin(from: string, to: string) {
  const within = (row: Row<Report>) => $.and($.gte(row.date, from), $.lte(row.date, to))
  return {
    count: (row: Row<Report>) => $.sum($.if(within(row), 1, 0)),
    participants: (row: Row<Report>) => $.sum($.if(within(row), row.participants, 0)),
    materials: (row: Row<Report>) => $.sum($.if(within(row), row.materials, 0)),
    lastDate: (row: Row<Report>) => $.max($.if(within(row), row.date, '') as any),
  }
}

/**
 * Recounts the totals a change touched: every year, quarter and month of the unit and date
 * before and after it. Recounting (rather than adding and subtracting) keeps the latest
 * date right when the latest report is withdrawn, and cannot drift. One read per unit and
 * year answers its year, quarter and month together (each query costs more in the ORM
 * than in SQLite).
 */
export async function refreshTotals(db: Database, reports: (Report | null)[], auditId: number) {
  const years = new Map<string, { unitId: number; keys: Set<string> }>()
  for (const report of reports) {
    if (!report) continue
    const [year] = rollupKeys(report.date)
    const id = `${year}:${report.unitId}`
    if (!years.has(id)) years.set(id, { unitId: report.unitId, keys: new Set() })
    for (const key of rollupKeys(report.date)) years.get(id)!.keys.add(key)
  }
  const counted: ReportTotal[] = [], emptied: Pick<ReportTotal, 'period' | 'unitId'>[] = []
  for (const [id, { unitId, keys }] of years) {
    const { from, to } = keyRange(id.slice(0, 4))
    const touched = [...keys]
    const fields = Object.assign({}, ...touched.map((key, index) => {
      const range = keyRange(key)
      return Object.fromEntries(Object.entries(sumsWithin(range.from, range.to)).map(([name, sum]) => [`${name}${index}`, sum]))
    }))
    // Status is grouped on, not filtered on: with `status = 'active'` in the WHERE, SQLite
    // prefers the (status, date, …) index and walks the whole period for every unit (a
    // year of a large county: ~180,000 entries, 12–15 ms); without it only the unit's own
    // (unitId, date) entries are read, a few dozen rows.
    const groups = await db.select('pufa_report', { unitId, date: { $gte: from, $lte: to } })
      .groupBy(['unitId', 'status'], fields)
      .execute()
    const row: Record<string, unknown> | undefined = groups.find(group => group.status === 'active')
    touched.forEach((key, index) => {
      const count = Number(row?.[`count${index}`] ?? 0)
      if (!count) return emptied.push({ period: key, unitId })
      counted.push({ period: key, unitId, ...sums({
        count,
        participants: row![`participants${index}`] as number,
        materials: row![`materials${index}`] as number,
        lastDate: row![`lastDate${index}`] as string,
      }) })
    })
  }
  // One write of each kind: every ORM call costs more than these small indexed reads.
  if (counted.length) await db.upsert('pufa_report_total', counted)
  if (emptied.length) await db.remove('pufa_report_total', row => $.or(...emptied.map(({ period, unitId }) => $.and($.eq(row.period, period), $.eq(row.unitId, unitId)))))
  await markTotals(db, auditId)
}

/** Records the audit entry the totals are current with: every report write adds one. */
function markTotals(db: Database, auditId: number) {
  return db.upsert('pufa_report_total_mark', [{ id: 1, auditId }])
}

async function latestAuditId(db: Database) {
  return Number(await db.select('pufa_report_audit').execute(row => $.max(row.id)) ?? 0)
}

/**
 * Whether the totals agree with the reports: they were last brought up to date with the
 * latest audit entry (a version without totals, run in between, adds entries and leaves
 * the mark behind), and each active report is counted once in its year, once in its
 * quarter and once in its month (reports added by hand change that count).
 */
export async function totalsMatch(db: Database) {
  const [mark] = await db.get('pufa_report_total_mark', { id: 1 })
  if ((mark?.auditId ?? 0) !== await latestAuditId(db)) return false
  const reports = await db.select('pufa_report', { status: 'active' }).execute(row => $.length(row.id))
  const counted = await db.select('pufa_report_total').execute(row => $.sum(row.count))
  return Number(counted ?? 0) === 3 * Number(reports)
}

/**
 * Rebuilds all totals from the reports, a month at a time: each month is one grouped query
 * on the (status, date, …) index, and a year's quarters and total are summed from its months.
 * The embedded database answers synchronously, so the loop yields to the event loop between
 * months: a rebuild of a large database must not stall the chat connections.
 */
export async function rebuildTotals(db: Database) {
  await db.remove('pufa_report_total', {})
  await markTotals(db, await latestAuditId(db))
  const first = await db.select('pufa_report', { status: 'active' }).execute(row => $.min(row.date))
  const last = await db.select('pufa_report', { status: 'active' }).execute(row => $.max(row.date))
  if (!first || !last) return 0
  let written = 0
  for (let year = dateParts(first).year; year <= dateParts(last).year; year++) {
    const rows = new Map<string, ReportTotal>()
    for (let month = 1; month <= 12; month++) {
      const from = formatDate(year, month, 1)
      if (from > last) break
      const to = formatDate(year, month, daysInMonth(year, month))
      const units = await db.select('pufa_report', { status: 'active', date: { $gte: from, $lte: to } })
        .groupBy('unitId', reportSums)
        .execute()
      for (const unit of units) {
        for (const key of rollupKeys(from)) add(rows, key, unit.unitId, sums(unit))
      }
      await new Promise(resolve => setImmediate(resolve))
    }
    await db.upsert('pufa_report_total', [...rows.values()])
    written += rows.size
  }
  return written
}

function add(rows: Map<string, ReportTotal>, period: string, unitId: number, value: Sums) {
  const id = `${period}:${unitId}`
  const row = rows.get(id)
  if (!row) return rows.set(id, { period, unitId, ...value })
  row.count += value.count
  row.participants += value.participants
  row.materials += value.materials
  if (value.lastDate > row.lastDate) row.lastDate = value.lastDate
}
