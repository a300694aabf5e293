import { $, Context, Row } from 'koishi'
import { keyRange, rollupKeys } from '../../../src/ledger/rollup'
import { dateParts, daysInMonth, formatDate } from '../../../src/time/local-date'
import { inTransaction } from '../../database-sqlite/src/driver'
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

/**
 * Recounts the totals a change touched: every year, quarter and month of the unit and date
 * before and after it. Recounting (rather than adding and subtracting) keeps the latest
 * date right when the latest report is withdrawn, and cannot drift. Raw statements in the
 * change's transaction: the recount and its write are one `INSERT … SELECT … ON CONFLICT`,
 * where the ORM would read the sums, read the rows, then update them one by one (each ORM
 * call costs far more than these small indexed statements).
 */
export async function refreshTotals(db: Database, reports: (Report | null)[], auditId: number) {
  const touched = new Map<string, [period: string, unitId: number, from: string, to: string]>()
  for (const report of reports) {
    if (!report) continue
    for (const key of rollupKeys(report.date)) {
      const { from, to } = keyRange(key)
      touched.set(`${key}:${report.unitId}`, [key, report.unitId, from, to])
    }
  }
  const periods = [...touched.values()]
  const written = reports.filter(report => report)
  // A new active report leaves no period empty; an edit or a withdrawal may.
  const mayEmpty = written.length > 1 || written.some(report => report!.status !== 'active')
  await inTransaction(db, (sql) => {
    if (periods.length) {
      sql.run(recountSql(periods.length), periods.flat())
      if (mayEmpty) {
        // Every zero row is one just written: the cross of these periods and units finds them by key.
        const keys = [...new Set(periods.map(([period]) => period))], units = [...new Set(periods.map(([, unitId]) => unitId))]
        sql.run(`DELETE FROM \`pufa_report_total\` WHERE \`period\` IN (${keys.map(() => '?').join(', ')}) `
          + `AND \`unitId\` IN (${units.map(() => '?').join(', ')}) AND \`count\` = 0`, [...keys, ...units])
      }
    }
    sql.run('INSERT INTO `pufa_report_total_mark` (`id`, `auditId`) VALUES (1, ?) ON CONFLICT (`id`) DO UPDATE SET `auditId` = excluded.`auditId`', [auditId])
  })
}

/**
 * Each (period, unit, from, to) given recounted from the unit's active reports in that
 * range and written, a period left with none as a zero row (deleted after). `+status`
 * keeps SQLite off the (status, date, …) index, which would walk the whole period for every
 * unit (a year of a large county: ~180,000 entries); the unit's own (unitId, date) entries
 * are a few dozen. `WHERE true` tells SQLite the ON CONFLICT is not the join's.
 */
function recountSql(periods: number) {
  return `INSERT INTO \`pufa_report_total\` (\`period\`, \`unitId\`, \`count\`, \`participants\`, \`materials\`, \`lastDate\`)
    SELECT p.column1, p.column2, count(r.\`id\`), ifnull(sum(r.\`participants\`), 0), ifnull(sum(r.\`materials\`), 0), ifnull(max(r.\`date\`), '')
    FROM (VALUES ${Array(periods).fill('(?, ?, ?, ?)').join(', ')}) p
    LEFT JOIN \`pufa_report\` r ON r.\`unitId\` = p.column2 AND r.\`date\` >= p.column3 AND r.\`date\` <= p.column4 AND +r.\`status\` = 'active'
    WHERE true
    GROUP BY p.column1, p.column2
    ON CONFLICT (\`period\`, \`unitId\`) DO UPDATE SET \`count\` = excluded.\`count\`, \`participants\` = excluded.\`participants\`,
      \`materials\` = excluded.\`materials\`, \`lastDate\` = excluded.\`lastDate\``
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
