import { $, Context, Query } from 'koishi'
import { Period } from '../../../src/ledger/periods'
import { Report } from '../../reports/src/models'

export interface LedgerFilter {
  period: Period
  unitIds?: number[]
  /** Theme ids, a theme and its sub-themes. */
  themes?: string[]
  /** Key-date tags that count: an entry and same-theme entries inside its window (12·4 in 宪法宣传周). */
  keyDates?: string[]
}

export interface UnitTotals {
  unitId: number
  count: number
  participants: number
  materials: number
  lastDate: string
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
  return query
}

/**
 * Per-unit totals for the filter, aggregated in the database (the (status, date, …)
 * index keeps this to the period's rows instead of every report ever made).
 */
export async function unitTotals(ctx: Context, filter: LedgerFilter): Promise<UnitTotals[]> {
  const rows = await ctx.database.select('pufa_report', reportQuery(filter))
    .groupBy('unitId', {
      count: row => $.length(row.id),
      participants: row => $.sum(row.participants),
      materials: row => $.sum(row.materials),
      lastDate: row => $.max(row.date),
    })
    .execute()
  return rows.map(row => ({
    unitId: row.unitId,
    count: Number(row.count),
    participants: Number(row.participants ?? 0),
    materials: Number(row.materials ?? 0),
    lastDate: String(row.lastDate ?? ''),
  }))
}

/** Ids of units with at least one active report matching the filter. */
export async function reportingUnitIds(ctx: Context, filter: LedgerFilter): Promise<Set<number>> {
  const rows = await ctx.database.select('pufa_report', reportQuery(filter)).groupBy('unitId').execute()
  return new Set(rows.map(row => row.unitId))
}

/** A theme and all its sub-themes, for filtering by a theme such as 民法典. */
export function themeFamily(ctx: Context, theme: string): string[] {
  const themes = ctx.pufaContent.library.themes
  return [theme, ...[...themes.values()].filter(t => t.parent === theme).map(t => t.id)]
}
