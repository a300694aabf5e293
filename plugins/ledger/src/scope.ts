import { Context, Session } from 'koishi'
import { parsePeriod, Period } from '../../../src/ledger/periods'
import { shanghaiDate } from '../../../src/time/shanghai'
import { Unit } from '../../reports/src/models'
import { UnknownUnit } from '../../reports/src/service'
import { unknownUnit } from '../../reports/src/render'
import { keyDateFamily, LedgerFilter, themeFamily } from './queries'

export interface ScopeOptions {
  unit?: string
  theme?: string
  keyDate?: string
}

/** The filter, and the unit asked for with -u. */
export type Scope = LedgerFilter & { unit?: Unit }

/** “上月”, “宪法宣传周 2026” … as a period, or the reply saying what works. */
export function periodFrom(ctx: Context, session: Session, words: string[]): Period | string {
  const text = words.join(' ').trim()
  const parsed = parsePeriod(text, shanghaiDate(new Date()), ctx.pufaContent.calendar)
  if (parsed.ok) return parsed.period
  const { suggestion, ...params } = parsed.problem.params ?? {}
  return session.text(`pufa-ledger.period.${parsed.problem.code}`, {
    input: text,
    ...params,
    suggestion: session.text(suggestion ? 'pufa-ledger.period.suggestion' : 'pufa-ledger.period.no-suggestion', [suggestion]),
  })
}

/**
 * Who may see what, and the filter for it: admins see every unit, an officer only
 * their own (asking for another unit is refused, not silently narrowed).
 */
export async function scopeFor(ctx: Context, session: Session<'id' | 'authority'>, words: string[], options: ScopeOptions): Promise<Scope | string> {
  const reports = ctx.pufaReports
  // An admin's own officer binding changes nothing here: not read.
  const role = ctx.pufaRoles.isAdmin(session) ? { kind: 'admin' as const } : await reports.role(session)
  if (role.kind === 'member') return session.text('pufa-ledger.not-allowed')
  const period = periodFrom(ctx, session, words)
  if (typeof period === 'string') return period
  const filter: Scope = { period }
  if (options.unit) {
    const unit = await reports.findUnit(options.unit)
    if (unit instanceof UnknownUnit) return unknownUnit(session, unit)
    if (role.kind === 'officer' && unit.id !== role.unit.id) return session.text('pufa-ledger.officer-own-unit', [role.unit.name])
    filter.unit = unit
    filter.unitIds = [unit.id]
  } else if (role.kind === 'officer') {
    filter.unitIds = [role.unit.id]
  }
  if (options.theme) {
    const theme = options.theme.trim()
    if (!ctx.pufaContent.library.themes.has(theme)) return session.text('pufa-ledger.unknown-theme', [theme])
    filter.themes = themeFamily(ctx, theme)
  }
  if (options.keyDate) {
    const calendar = ctx.pufaContent.calendar
    const entry = calendar.entries.find(e => [e.id, e.name, e.label].includes(options.keyDate!.trim()))
    if (!entry) return session.text('pufa-ledger.unknown-key-date', [options.keyDate])
    filter.keyDates = keyDateFamily(ctx, entry.id, Number(period.from.slice(0, 4)))
  }
  return filter
}
