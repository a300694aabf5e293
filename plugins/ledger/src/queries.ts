import { $, Context, Query, Selection } from 'koishi'
import { Period } from '../../../src/ledger/periods'
import { coveringKeys } from '../../../src/ledger/rollup'
import { plainRows, selectionSql } from '../../database-sqlite/src/driver'
import { Officer, Report, Unit } from '../../reports/src/models'
import { reportSums } from '../../reports/src/totals'

export interface LedgerFilter {
  period: Period
  unitIds?: number[]
  /** Theme ids, a theme and its sub-themes. */
  themes?: string[]
  /** Key-date tags that count: an entry and same-theme entries inside its window (12·4 in 宪法宣传周). */
  keyDates?: string[]
  /** Activity forms (讲座, 以案释法 …). */
  forms?: string[]
}

export interface UnitTotals {
  unitId: number
  count: number
  participants: number
  materials: number
  lastDate: string
}

export interface GrandTotals {
  /** Units with at least one report. */
  units: number
  count: number
  participants: number
  materials: number
}

/** Active reports in a period matching the filter; withdrawn ones never count. */
export function reportQuery(filter: LedgerFilter): Query.Expr<Report> {
  const query: Query.Expr<Report> = {
    status: 'active',
    date: { $gte: filter.period.from, $lte: filter.period.to },
  }
  if (filter.unitIds) query.unitId = { $in: filter.unitIds }
  if (filter.themes) query.theme = { $in: filter.themes }
  if (filter.keyDates) query.keyDate = { $in: filter.keyDates }
  if (filter.forms) query.form = { $in: filter.forms }
  return query
}

/**
 * The longest list of keys a query names: the embedded SQLite fails on IN lists of thousands
 * of keys. Periods are bounded (src/ledger/periods.ts), so a period's kept totals fit well
 * within it; a longer one would be counted from the reports' date range instead.
 */
export const MAX_LIST = 500

/** Rows whose key is in `keys`, read MAX_LIST keys at a time. */
export async function inBatches<K, T>(keys: K[], read: (batch: K[]) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = []
  for (let i = 0; i < keys.length; i += MAX_LIST) rows.push(...await read(keys.slice(i, i + MAX_LIST)))
  return rows
}

/**
 * One row per unit that reported, as a selection the database sorts, limits and sums, so
 * a command decodes the lines it shows and not one row per unit. A period of whole months
 * without a theme or key-date filter is read from the kept totals (a year is one row per
 * unit); anything else is grouped from the reports through the (status, date, …) index.
 */
function perUnit(ctx: Context, filter: LedgerFilter): Selection<UnitTotals> {
  const database = ctx.database
  const keys = filter.themes || filter.keyDates || filter.forms ? undefined : coveringKeys(filter.period.from, filter.period.to)
  if (!keys || keys.length > MAX_LIST) {
    return database.select('pufa_report', reportQuery(filter)).groupBy('unitId', reportSums)
  }
  const rows = database.select('pufa_report_total', {
    period: { $in: keys },
    ...filter.unitIds && { unitId: { $in: filter.unitIds } },
  })
  if (keys.length === 1) return rows.project(['unitId', 'count', 'participants', 'materials', 'lastDate'])
  return rows.groupBy('unitId', {
    count: row => $.sum(row.count),
    participants: row => $.sum(row.participants),
    materials: row => $.sum(row.materials),
    lastDate: row => $.max(row.lastDate),
  })
}

const perUnitTexts = new WeakMap<LedgerFilter, { filter: string; sql: string }>()

/**
 * perUnit's SELECT, built once per filter object (and again if the object has changed
 * since): 台账 reads it for the ranking and for the silent units, and building a selection
 * through the ORM and Koishi's service proxies costs more than SQLite takes to run it.
 */
function perUnitSql(ctx: Context, filter: LedgerFilter): string {
  const key = JSON.stringify(filter)
  const kept = perUnitTexts.get(filter)
  if (kept?.filter === key) return kept.sql
  const sql = selectionSql(ctx.database, perUnit(ctx, filter))
  perUnitTexts.set(filter, { filter: key, sql })
  return sql
}

/** The units with the most activities (then people reached), at most `limit` of them. */
export async function topUnits(ctx: Context, filter: LedgerFilter, limit: number): Promise<UnitTotals[]> {
  return (await ranking(ctx, filter, limit)).top
}

/** Sums over every unit that reported. */
export async function grandTotals(ctx: Context, filter: LedgerFilter): Promise<GrandTotals> {
  // An empty grouping: one row of sums over the whole selection.
  const [row] = await perUnit(ctx, filter).groupBy({}, {
    units: row => $.length(row.unitId),
    count: row => $.sum(row.count),
    participants: row => $.sum(row.participants),
    materials: row => $.sum(row.materials),
  }).execute()
  return {
    units: Number(row?.units ?? 0),
    count: Number(row?.count ?? 0),
    participants: Number(row?.participants ?? 0),
    materials: Number(row?.materials ?? 0),
  }
}

/**
 * The units that reported, the first `limit` ranked as topUnits ranks them with their names,
 * and the sums over all of them as grandTotals adds them: one plain read of the same
 * per-unit rows (a reply's query count, not the database, is most of its time).
 */
export async function ranking(ctx: Context, filter: LedgerFilter, limit: number): Promise<{ totals: GrandTotals; top: (UnitTotals & { name: string })[] }> {
  const perUnitText = perUnitSql(ctx, filter)
  // The sums row, joined by the shown rows (none when nothing was reported); names only for those.
  const rows = await plainRows<Partial<UnitTotals> & { name: string | null } & Record<'units' | 'allCount' | 'allParticipants' | 'allMaterials', number | null>>(ctx.database, `
    SELECT t.unitId, t.count, t.participants, t.materials, t.lastDate, u.name, a.units, a.allCount, a.allParticipants, a.allMaterials
    FROM (SELECT count(unitId) AS units, sum(count) AS allCount, sum(participants) AS allParticipants, sum(materials) AS allMaterials FROM (${perUnitText})) AS a
    LEFT JOIN (SELECT * FROM (${perUnitText}) ORDER BY count DESC, participants DESC, unitId ASC LIMIT ?) AS t ON 1
    LEFT JOIN pufa_unit AS u ON u.id = t.unitId
    ORDER BY t.count DESC, t.participants DESC, t.unitId ASC`, [Number.isFinite(limit) ? limit : -1])
  const [first] = rows
  const totals: GrandTotals = {
    units: Number(first?.units ?? 0),
    count: Number(first?.allCount ?? 0),
    participants: Number(first?.allParticipants ?? 0),
    materials: Number(first?.allMaterials ?? 0),
  }
  const top = rows.filter(row => row.unitId != null).map(row => ({
    unitId: row.unitId!,
    name: row.name ?? `#${row.unitId}`,
    count: Number(row.count),
    participants: Number(row.participants ?? 0),
    materials: Number(row.materials ?? 0),
    lastDate: String(row.lastDate ?? ''),
  }))
  return { totals, top }
}

/** Active units in the filter's scope. */
function activeUnits(ctx: Context, filter: LedgerFilter) {
  const query: Query.Expr<Unit> = { active: true, ...filter.unitIds && { id: { $in: filter.unitIds } } }
  return ctx.database.select('pufa_unit', query)
}

export interface SilentUnit {
  id: number
  name: string
  officers: Pick<Officer, 'name' | 'platform' | 'userId'>[]
}

/**
 * Active units in scope (how many), and those of them with nothing matching the filter:
 * how many, and the first `limit` by id with their officers. One plain read. The silent
 * are counted as the active units in scope less those of them that reported (a join by
 * key), not with a window over the silent rows: on the WASM build a `count(*) OVER ()`
 * over 3,000 units cost more than the rest of the command.
 */
export async function silentUnits(ctx: Context, filter: LedgerFilter, limit = Infinity) {
  const activeSql = selectionSql(ctx.database, activeUnits(ctx, filter).project(['id', 'name']))
  const reportedSql = perUnitSql(ctx, filter)
  const rows = await plainRows<{ total: number; reported: number; id: number | null; name: string; officer: string | null; platform: string; userId: string }>(ctx.database, `
    SELECT a.total, r.reported, s.id, s.name, o.name AS officer, o.platform, o.userId
    FROM (SELECT count(*) AS total FROM (${activeSql})) AS a
    JOIN (SELECT count(*) AS reported FROM (${reportedSql}) AS p JOIN (${activeSql}) AS v ON v.id = p.unitId) AS r
    LEFT JOIN (SELECT id, name FROM (${activeSql}) WHERE id NOT IN (SELECT unitId FROM (${reportedSql})) ORDER BY id LIMIT ?) AS s ON 1
    LEFT JOIN pufa_officer AS o ON o.unitId = s.id
    ORDER BY s.id, o.rowid`, [Number.isFinite(limit) ? limit : -1])
  const units: SilentUnit[] = []
  for (const row of rows) {
    if (row.id === null) continue
    if (units[units.length - 1]?.id !== row.id) units.push({ id: row.id, name: row.name, officers: [] })
    if (row.officer !== null) units[units.length - 1].officers.push({ name: row.officer, platform: row.platform, userId: row.userId })
  }
  const [first] = rows
  return { total: Number(first?.total ?? 0), count: Number(first?.total ?? 0) - Number(first?.reported ?? 0), units }
}

/** Active units in the filter's scope. */
export async function activeUnitCount(ctx: Context, filter: LedgerFilter) {
  return Number(await activeUnits(ctx, filter).execute(row => $.length(row.id)))
}

/** Names of the given units, inactive ones included (a unit stopped since still has its reports). */
export async function unitNames(ctx: Context, ids: number[]) {
  const units = await inBatches(ids, batch => ctx.database.get('pufa_unit', { id: { $in: batch } }, ['id', 'name']))
  return new Map(units.map(unit => [unit.id, unit.name]))
}

/**
 * The key-date tags that count for an entry in a year: the entry, and same-theme entries
 * inside its window (12·4 activities are tagged 国家宪法日 but belong to 宪法宣传周 too).
 */
export function keyDateFamily(ctx: Context, entryId: string, year: number): string[] {
  const calendar = ctx.pufaContent.calendar
  const entry = calendar.get(entryId)
  if (!entry) return [entryId]
  const window = calendar.occurrence(entry, year)
  const inside = window
    ? calendar.between(window.start, window.end).filter(o => o.start >= window.start && o.end <= window.end && o.entry.themes.some(t => entry.themes.includes(t)))
    : []
  return [...new Set([entry.id, ...inside.map(o => o.entry.id)])]
}

/** A theme and all its sub-themes, for filtering by a theme such as 民法典. */
export function themeFamily(ctx: Context, theme: string): string[] {
  const themes = ctx.pufaContent.library.themes
  return [theme, ...[...themes.values()].filter(t => t.parent === theme).map(t => t.id)]
}

export interface GroupTotals {
  key: string
  count: number
  participants: number
  materials: number
}

/** Sums per theme, form or key-date tag of the reports matching the filter, most activities first. */
export async function totalsBy(ctx: Context, filter: LedgerFilter, field: 'theme' | 'form' | 'keyDate'): Promise<GroupTotals[]> {
  const rows = await ctx.database.select('pufa_report', reportQuery(filter))
    .groupBy(field, {
      count: row => $.length(row.id),
      participants: row => $.sum(row.participants),
      materials: row => $.sum(row.materials),
    })
    .orderBy('count', 'desc')
    .orderBy('participants', 'desc')
    .orderBy(field, 'asc')
    .execute()
  return rows.map(row => ({
    key: String(row[field]),
    count: Number(row.count),
    participants: Number(row.participants ?? 0),
    materials: Number(row.materials ?? 0),
  }))
}

/** The reports matching the filter that reached the most people, at most `limit`. */
export function topReports(ctx: Context, filter: LedgerFilter, limit: number) {
  return ctx.database.get('pufa_report', reportQuery(filter), { sort: { participants: 'desc', date: 'asc', id: 'asc' }, limit })
}

/** Photos kept with the reports matching the filter, read a page at a time. */
export async function photoCount(ctx: Context, filter: LedgerFilter) {
  const page = 2000
  let after = 0, total = 0
  for (;;) {
    const rows = await ctx.database.get('pufa_report', { ...reportQuery(filter), id: { $gt: after } }, { fields: ['id', 'photos'], sort: { id: 'asc' }, limit: page })
    for (const row of rows) total += row.photos.length
    if (rows.length < page) return total
    after = rows[rows.length - 1].id
  }
}
