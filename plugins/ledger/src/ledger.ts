import { Context } from 'koishi'
import { acceptAnyWord } from '../../reports/src/free-text'
import { Config } from './index'
import { reportQuery, unitTotals } from './queries'
import { amount, scopeFor } from './scope'

const UNIT_LINES = 20

export function registerLedger(ctx: Context, config: Config) {
  acceptAnyWord(ctx.command('台账 [...period:string]'))
    .alias('pufa.ledger')
    .userFields(['id', 'authority'])
    .option('unit', '-u <unit:string>')
    .option('theme', '-t <theme:string>')
    .option('keyDate', '-n <keyDate:string>')
    .action(async ({ session, options }, ...words) => {
      const scope = await scopeFor(ctx, session!, words, options!)
      if (typeof scope === 'string') return scope
      const label = scope.period.label
      const s = session!

      // One unit: its activities, newest first.
      if (scope.unitIds?.length === 1 && options!.unit) {
        const unit = scope.unitNames.get(scope.unitIds[0])!
        const [totals] = await unitTotals(ctx, scope)
        if (!totals) return s.text('.unit-none', { unit, period: label })
        const reports = await ctx.database.get('pufa_report', reportQuery(scope), { sort: { date: 'desc', id: 'desc' }, limit: UNIT_LINES })
        const lines = reports.map(report => s.text('.unit-line', {
          id: report.id,
          date: report.date.slice(5),
          title: report.title,
          participants: amount(s, report.participants),
          materials: amount(s, report.materials),
          photos: report.photos.length ? `｜📎${report.photos.length}` : '',
        }))
        if (totals.count > UNIT_LINES) lines.push(s.text('.unit-more', [totals.count - UNIT_LINES]))
        return [s.text('.unit-header', { unit, period: label, count: totals.count, participants: amount(s, totals.participants), materials: amount(s, totals.materials) }), ...lines].join('\n')
      }

      const totals = (await unitTotals(ctx, scope))
        .sort((a, b) => b.count - a.count || b.participants - a.participants || a.unitId - b.unitId)
      if (!totals.length && !scope.unitIds) return s.text('.none', { period: label })
      const sum = (key: 'count' | 'participants' | 'materials') => totals.reduce((total, row) => total + row[key], 0)
      const lines = [s.text('.header', {
        period: label,
        units: totals.length,
        count: sum('count'),
        participants: amount(s, sum('participants')),
        materials: amount(s, sum('materials')),
      })]
      const filters = [options!.theme, options!.keyDate].filter(Boolean)
      if (filters.length) lines.push(s.text('.filters', [filters.join('、')]))
      totals.slice(0, config.maxLines).forEach((row, index) => lines.push(s.text('.line', {
        rank: index + 1,
        unit: scope.unitNames.get(row.unitId) ?? `#${row.unitId}`,
        count: row.count,
        participants: amount(s, row.participants),
        materials: amount(s, row.materials),
        last: row.lastDate.slice(5),
      })))
      if (totals.length > config.maxLines) lines.push(s.text('.more', [totals.length - config.maxLines]))
      // Active units in scope with nothing: named when few, counted when many.
      const reported = new Set(totals.map(row => row.unitId))
      const silent = (scope.unitIds ?? scope.activeUnitIds).filter(id => !reported.has(id) && scope.activeUnitIds.includes(id))
      if (silent.length) {
        const names = silent.slice(0, 10).map(id => scope.unitNames.get(id)).join('、') + (silent.length > 10 ? '…' : '')
        lines.push(s.text('.silent', { count: silent.length, units: names }))
      }
      return lines.join('\n')
    })
}
