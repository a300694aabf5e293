import { Context } from 'koishi'
import { LedgerRow, writeLedgerWorkbook } from '../../../src/ledger/workbook'
import { Unit } from '../../reports/src/models'
import { plainRows } from '../../database-sqlite/src/driver'
import { LedgerFilter } from './queries'
import { Scope } from './scope'

const PAGE = 2000

/**
 * Who reported, by name: officers by the name they bound with, anyone else (an admin
 * reporting for a unit) by `other`. Account ids stay out of a file that gets passed around.
 */
async function reporterNames(ctx: Context, other: string) {
  const officers = await ctx.database.get('pufa_officer', {}, ['platform', 'userId', 'name'])
  const names = new Map(officers.map(officer => [`${officer.platform}:${officer.userId}`, officer.name]))
  return (account: string) => names.get(account) || other
}

/** A report as the export reads it: SQLite's own values, decoded below. */
interface ReportRow {
  id: number
  unitId: number
  title: string
  date: string
  place: string
  participants: number
  materials: number
  theme: string
  form: string
  keyDate: string
  photos: string | null
  photosExpiredAt: number | null
  source: string
  createdBy: string
  createdAt: number | null
  updatedAt: number | null
}

const COLUMNS = ['id', 'unitId', 'title', 'date', 'place', 'participants', 'materials', 'theme', 'form', 'keyDate',
  'photos', 'photosExpiredAt', 'source', 'createdBy', 'createdAt', 'updatedAt'].map(name => `\`${name}\``).join(', ')

/**
 * The WHERE of reportQuery(filter) as SQL with bound parameters: active reports of the
 * period matching the filter. `unary` puts a + before each column, which keeps SQLite
 * from answering through an index on it (see ledgerRows).
 */
function reportWhere(filter: LedgerFilter, unary = '') {
  const parts = [`${unary}\`status\` = 'active'`, `${unary}\`date\` >= ?`, `${unary}\`date\` <= ?`]
  const params: unknown[] = [filter.period.from, filter.period.to]
  const lists: [string, unknown[] | undefined][] = [['unitId', filter.unitIds], ['theme', filter.themes], ['keyDate', filter.keyDates], ['form', filter.forms]]
  for (const [column, values] of lists) {
    if (!values) continue
    parts.push(values.length ? `${unary}\`${column}\` IN (${values.map(() => '?').join(', ')})` : '0')
    params.push(...values)
  }
  return { sql: parts.join(' AND '), params }
}

const instant = (value: number | null) => value === null ? null : new Date(Number(value))

/**
 * Active reports in scope, a page at a time by id, so memory stays flat however many there
 * are. Plain rows through the driver: the ORM's per-field decoding was the largest part of
 * a large export.
 *
 * The first and last id in scope come from the (status, date, …) index; each page then
 * walks the table by id between them. Answered through that index instead, every page
 * would read the whole period and sort it to keep 2,000 rows. Ids rise with submission
 * and reports are dated near it, so the walk passes few rows of other periods.
 */
export async function* ledgerRows(ctx: Context, scope: Scope, units: Map<number, Unit>, reporter: (account: string) => string): AsyncIterable<LedgerRow> {
  const calendar = ctx.pufaContent.calendar
  const inScope = reportWhere(scope)
  const [bounds] = await plainRows<{ first: number | null; last: number | null }>(ctx.database,
    `SELECT min(\`id\`) AS first, max(\`id\`) AS last FROM \`pufa_report\` WHERE ${inScope.sql}`, inScope.params)
  if (!bounds || bounds.first === null || bounds.last === null) return
  const where = reportWhere(scope, '+')
  let after = bounds.first - 1
  for (;;) {
    const page = await plainRows<ReportRow>(ctx.database, `SELECT ${COLUMNS} FROM \`pufa_report\` WHERE ${where.sql} `
      + 'AND `id` > ? AND `id` <= ? ORDER BY `id` LIMIT ?', [...where.params, after, bounds.last, PAGE])
    for (const report of page) {
      yield {
        ...report,
        photos: report.photos ? JSON.parse(report.photos) : [],
        photosExpiredAt: instant(report.photosExpiredAt),
        createdAt: instant(report.createdAt)!,
        updatedAt: instant(report.updatedAt)!,
        unit: units.get(report.unitId)?.name ?? `#${report.unitId}`,
        unitKind: units.get(report.unitId)?.kind ?? '',
        keyDate: report.keyDate ? calendar.get(report.keyDate)?.name ?? report.keyDate : '',
        createdBy: reporter(report.createdBy),
      }
    }
    if (page.length < PAGE) return
    after = page[page.length - 1].id
  }
}

export interface ScopeWorkbook {
  /** How a reporter who is not an officer is named (导出's `not-officer` text). */
  notOfficer: string
  now: Date
  /** Link each photo to `<folder>/<name>` beside the workbook (the photo download's zip). */
  photoFolder?: string
}

/** The 台账 workbook of a scope, as 导出 writes it and the console downloads it. */
export async function writeScopeWorkbook(ctx: Context, scope: Scope, file: string, options: ScopeWorkbook) {
  // Reports name their unit, stopped ones too; 单位汇总 lists the active units in scope, silent ones included.
  const register = new Map((await ctx.database.get('pufa_unit', {})).map(unit => [unit.id, unit]))
  const units = [...register.values()].filter(unit => unit.active && (!scope.unitIds || scope.unitIds.includes(unit.id)))
  const rows = ledgerRows(ctx, scope, register, await reporterNames(ctx, options.notOfficer))
  return writeLedgerWorkbook(file, {
    title: `${scope.period.label} 普法台账`, rows, generatedAt: options.now, units, photoFolder: options.photoFolder,
  })
}
