import { Context } from 'koishi'
import { parsePeriod } from '../../../src/ledger/periods'
import { LocalDate } from '../../../src/time/local-date'
import type { ChaseFrom, ChaseReport } from '../../ledger/src/chase'
import { inBatches } from '../../ledger/src/queries'
import { Scope } from '../../ledger/src/scope'
import { problemText } from './period-problem'

export interface SilentUnit {
  name: string
  officers: string[]
}

export interface Missing {
  period: string
  /** Active units in scope. */
  total: number
  units: SilentUnit[]
  /** The key dates the page offers, core ones first, by id and name. */
  keyDates: { id: string; name: string }[]
}

export type MissingReply = { missing: Missing } | { problem: string }
export type ChaseReply = { report: ChaseReport } | { problem: string }

/** 未报送's scope from the page: a period as 台账 reads it, and a key date as 台账 -n counts it. */
function scopeOf(ctx: Context, text: string, keyDate: string, today: LocalDate): Scope | { problem: string } {
  const parsed = parsePeriod(text, today, ctx.pufaContent.calendar)
  if (!parsed.ok) return { problem: problemText(ctx, parsed.problem) }
  const scope: Scope = { period: parsed.period }
  const entry = keyDate ? ctx.pufaContent.calendar.get(keyDate) : undefined
  if (entry) scope.keyDates = ctx.pufaLedger.keyDateFamily(entry.id, Number(parsed.period.from.slice(0, 4)))
  return scope
}

export async function missing(ctx: Context, text: string, keyDate: string, today: LocalDate): Promise<MissingReply> {
  const scope = scopeOf(ctx, text, keyDate, today)
  if ('problem' in scope) return scope
  const silent = await ctx.pufaLedger.silentUnits(scope)
  const officers = await inBatches(silent.map(unit => unit.id), batch => ctx.database.get('pufa_officer', { unitId: { $in: batch } }))
  return {
    missing: {
      period: scope.period.label,
      total: await ctx.pufaLedger.activeUnitCount(scope),
      units: silent.map(unit => ({ name: unit.name, officers: officers.filter(o => o.unitId === unit.id).map(o => o.name) })),
      keyDates: [...ctx.pufaContent.calendar.entries].sort((a, b) => Number(b.core) - Number(a.core)).map(entry => ({ id: entry.id, name: entry.name })),
    },
  }
}

/** 催报 from the page, through the ledger's exactly-once 催报: each officer privately, at most once a day. */
export async function chase(ctx: Context, text: string, keyDate: string, today: LocalDate, from: ChaseFrom): Promise<ChaseReply> {
  const scope = scopeOf(ctx, text, keyDate, today)
  if ('problem' in scope) return scope
  return { report: await ctx.pufaLedger.chase(scope, from) }
}
