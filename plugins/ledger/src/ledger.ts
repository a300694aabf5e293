import { Context } from 'koishi'
import { formatAmount } from '../../../src/text/amount'
import { acceptAnyWord } from '../../reports/src/free-text'
import { Config } from './index'
import { grandTotals, ranking, reportQuery, silentUnits } from './queries'
import { lineFormat } from './lines'
import { scopeFor } from './scope'

const UNIT_LINES = 20
/** Units without a report named under the table; more are counted. */
const SILENT_NAMES = 10

export function registerLedger(ctx: Context, config: Config) {
  acceptAnyWord(ctx.command('台账 [...period:string]'))
    .alias('pufa-ledger')
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
      if (scope.unit) {
        const unit = scope.unit.name
        const totals = await grandTotals(ctx, scope)
        if (!totals.count) return s.text('.unit-none', { unit, period: label })
        const reports = await ctx.database.get('pufa_report', reportQuery(scope), { sort: { date: 'desc', id: 'desc' }, limit: UNIT_LINES })
        const unitLine = lineFormat(s, '.unit-line')
        const lines = reports.map(report => unitLine({
          id: report.id,
          date: report.date.slice(5),
          title: report.title,
          participants: formatAmount(report.participants),
          materials: formatAmount(report.materials),
          photos: report.photos.length ? `｜📎${report.photos.length}${report.photosExpiredAt ? s.text('.photos-expired') : ''}` : '',
        }))
        if (totals.count > UNIT_LINES) lines.push(s.text('.unit-more', [totals.count - UNIT_LINES]))
        return [s.text('.unit-header', { unit, period: label, count: totals.count, participants: formatAmount(totals.participants), materials: formatAmount(totals.materials) }), ...lines].join('\n')
      }

      const { totals, top } = await ranking(ctx, scope, config.maxLines)
      if (!totals.count && !scope.unitIds) return s.text('.none', { period: label })
      // Active units in scope with nothing: named when few, counted when many.
      const silent = await silentUnits(ctx, scope, SILENT_NAMES)
      const lines = [s.text('.header', {
        period: label,
        units: totals.units,
        count: totals.count,
        participants: formatAmount(totals.participants),
        materials: formatAmount(totals.materials),
      })]
      const filters = [options!.theme, options!.keyDate].filter(Boolean)
      if (filters.length) lines.push(s.text('.filters', [filters.join('、')]))
      const line = lineFormat(s, '.line')
      top.forEach((row, index) => lines.push(line({
        rank: index + 1,
        unit: row.name,
        count: row.count,
        participants: formatAmount(row.participants),
        materials: formatAmount(row.materials),
        last: row.lastDate.slice(5),
      })))
      if (totals.units > top.length) lines.push(s.text('.more', [totals.units - top.length]))
      if (silent.count) {
        const named = silent.units.map(unit => unit.name).join('、') + (silent.count > SILENT_NAMES ? '…' : '')
        lines.push(s.text('.silent', { count: silent.count, units: named }))
      }
      return lines.join('\n')
    })
}
