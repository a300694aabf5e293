import { Context } from 'koishi'
import { LedgerRow, writeLedgerWorkbook } from '../../../src/ledger/workbook'
import { Unit } from '../../reports/src/models'
import { columnList, jsonTuples, plainRows } from '../../database-sqlite/src/driver'
import { LedgerFilter } from './queries'
import { Scope } from './scope'

const PAGE = 2000

/**
 * Who reported, by name: officers by the name they bound with, anyone else (an admin
 * reporting for a unit) by `other`. Account ids stay out of a file that gets passed around.
 */
async function reporterNames(ctx: Context, other: string) {
  const officers = await plainRows<{ platform: string; userId: string; name: string }>(ctx.database,
    'SELECT `platform`, `userId`, `name` FROM `pufa_officer`')
  const names = new Map(officers.map(officer => [`${officer.platform}:${officer.userId}`, officer.name]))
  return (account: string) => names.get(account) || other
}

/** The unit register, as the workbook needs it: every unit, stopped ones too (reports name them). */
async function unitRegister(ctx: Context) {
  const units = await plainRows<{ id: number; name: string; kind: string; active: number }>(ctx.database,
    'SELECT `id`, `name`, `kind`, `active` FROM `pufa_unit`')
  return new Map(units.map(unit => [unit.id, { ...unit, active: !!unit.active }]))
}

type RegisteredUnit = Pick<Unit, 'id' | 'name' | 'kind' | 'active'>

/** A report as the export reads it: SQLite's own values in COLUMNS' order, decoded below. */
type ReportTuple = [
  id: number, unitId: number, title: string, date: string, place: string, participants: number, materials: number,
  theme: string, form: string, keyDate: string, photos: string | null, photosExpiredAt: number | null,
  source: string, createdBy: string, createdAt: number | null, updatedAt: number | null,
]

const COLUMNS = ['id', 'unitId', 'title', 'date', 'place', 'participants', 'materials', 'theme', 'form', 'keyDate',
  'photos', 'photosExpiredAt', 'source', 'createdBy', 'createdAt', 'updatedAt']

/**
 * The WHERE of reportQuery(filter) as SQL with bound parameters: active reports of the
 * period matching the filter. `unary` puts a + before each column, which keeps SQLite
 * from answering through an index on it (see ledgerPages).
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
 * a large export. Each page comes as one JSON text built by SQLite (an array of value
 * arrays): the WASM driver hands a row's values out one call per column, which cost twice
 * what building and parsing the JSON does.
 *
 * The first and last id in scope come from the (status, date, …) index; each page then
 * walks the table by id between them. Answered through that index instead, every page
 * would read the whole period and sort it to keep 2,000 rows. Ids rise with submission
 * and reports are dated near it, so the walk passes few rows of other periods.
 */
export async function* ledgerPages(ctx: Context, scope: Scope, units: Map<number, RegisteredUnit>, reporter: (account: string) => string): AsyncIterable<LedgerRow[]> {
  const calendar = ctx.pufaContent.calendar
  const inScope = reportWhere(scope)
  const [bounds] = await plainRows<{ first: number | null; last: number | null }>(ctx.database,
    `SELECT min(\`id\`) AS first, max(\`id\`) AS last FROM \`pufa_report\` WHERE ${inScope.sql}`, inScope.params)
  if (!bounds || bounds.first === null || bounds.last === null) return
  const where = reportWhere(scope, '+')
  const pageSql = `SELECT ${columnList(COLUMNS)} FROM \`pufa_report\` WHERE ${where.sql} AND \`id\` > ? AND \`id\` <= ? ORDER BY \`id\` LIMIT ?`
  let after = bounds.first - 1
  for (;;) {
    const page = (await jsonTuples<ReportTuple>(ctx.database, COLUMNS, pageSql, [...where.params, after, bounds.last, PAGE]))
      .sort((a, b) => a[0] - b[0])
    yield page.map(([id, unitId, title, date, place, participants, materials, theme, form, keyDate, photos, photosExpiredAt, source, createdBy, createdAt, updatedAt]) => {
      const unit = units.get(unitId)
      return {
        id, title, date, place, participants, materials, theme, form, source,
        photos: photos ? JSON.parse(photos) : [],
        photosExpiredAt: instant(photosExpiredAt),
        createdAt: instant(createdAt)!,
        updatedAt: instant(updatedAt)!,
        unit: unit?.name ?? `#${unitId}`,
        unitKind: unit?.kind ?? '',
        keyDate: keyDate ? calendar.get(keyDate)?.name ?? keyDate : '',
        createdBy: reporter(createdBy),
      }
    })
    if (page.length < PAGE) return
    after = page[page.length - 1][0]
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
  const register = await unitRegister(ctx)
  const units = [...register.values()].filter(unit => unit.active && (!scope.unitIds || scope.unitIds.includes(unit.id)))
  const rows = ledgerPages(ctx, scope, register, await reporterNames(ctx, options.notOfficer))
  return writeLedgerWorkbook(file, {
    title: `${scope.period.label} 普法台账`, rows, generatedAt: options.now, units, photoFolder: options.photoFolder,
  })
}
