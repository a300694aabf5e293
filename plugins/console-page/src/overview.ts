import { Context } from 'koishi'
import { parsePeriod } from '../../../src/ledger/periods'
import { NO_THEME } from '../../../src/ledger/workbook'
import { LocalDate } from '../../../src/time/local-date'
import { GrandTotals, GroupTotals } from '../../ledger/src/queries'
import { problemText } from './period-problem'

export interface UnitRow {
  unitId: number
  name: string
  count: number
  participants: number
  materials: number
  /** The latest report date inside the period; empty for a unit that reported nothing. */
  lastDate: string
  /** An active unit with no report in the period (未报送). */
  silent: boolean
}

export interface MonthRow extends GrandTotals {
  /** 2026-03 */
  month: string
}

/** Sums of one theme or key date; `name` as people read it. */
export interface GroupRow extends Omit<GroupTotals, 'key'> {
  name: string
}

export interface Overview {
  period: { from: LocalDate; to: LocalDate; label: string }
  totals: GrandTotals
  units: UnitRow[]
  months: MonthRow[]
  themes: GroupRow[]
  /** Reports tagged with a key date only. */
  keyDates: GroupRow[]
}

/** The overview, or the reason the period could not be read, worded as 台账 words it. */
export type OverviewReply = { overview: Overview } | { problem: string }

/**
 * The 普法台账 page's figures for a period typed as 台账 takes it (本月, 2026Q1,
 * 2026-01-01~2026-03-31 …): every figure from the pufaLedger service, so the page and the
 * chat command cannot disagree.
 */
export async function overview(ctx: Context, text: string, today: LocalDate): Promise<OverviewReply> {
  const parsed = parsePeriod(text, today, ctx.pufaContent.calendar)
  if (!parsed.ok) return { problem: problemText(ctx, parsed.problem) }
  const { from, to, label } = parsed.period
  const filter = { period: parsed.period }
  const ledger = ctx.pufaLedger
  const totals = await ledger.sums(filter)
  const reported = await ledger.unitTotals(filter)
  const names = await ledger.unitNames(reported.map(row => row.unitId))
  const silent = await ledger.silentUnits(filter)
  const months = await ledger.byMonth(filter)
  const themes = await ledger.totalsBy(filter, 'theme')
  const keyDates = await ledger.totalsBy(filter, 'keyDate')
  const calendar = ctx.pufaContent.calendar
  return {
    overview: {
      period: { from, to, label },
      totals,
      units: [
        ...reported.map(row => ({ ...row, name: names.get(row.unitId) ?? `#${row.unitId}`, silent: false })),
        ...silent.map(unit => ({ unitId: unit.id, name: unit.name, count: 0, participants: 0, materials: 0, lastDate: '', silent: true })),
      ],
      months,
      themes: themes.map(({ key, ...sums }) => ({ name: key || NO_THEME, ...sums })),
      keyDates: keyDates.filter(row => row.key).map(({ key, ...sums }) => ({ name: calendar.get(key)?.name ?? key, ...sums })),
    },
  }
}
