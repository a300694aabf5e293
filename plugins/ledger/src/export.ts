import { mkdirSync } from 'node:fs'
import { basename, join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Context, h } from 'koishi'
import { LedgerRow, writeLedgerWorkbook } from '../../../src/ledger/workbook'
import { formatShanghai } from '../../../src/time/shanghai'
import { acceptAnyWord } from '../../reports/src/free-text'
import { Unit } from '../../reports/src/models'
import { Config } from './index'
import { grandTotals, reportQuery } from './queries'
import { Scope, scopeFor } from './scope'

const PAGE = 2000

/** Active reports in scope, a page at a time by id, so memory stays flat however many there are. */
async function* ledgerRows(ctx: Context, scope: Scope, units: Map<number, Unit>): AsyncIterable<LedgerRow> {
  const calendar = ctx.pufaContent.calendar
  let after = 0
  for (;;) {
    const page = await ctx.database.get('pufa_report', { ...reportQuery(scope), id: { $gt: after } }, { sort: { id: 'asc' }, limit: PAGE })
    for (const report of page) {
      yield {
        ...report,
        unit: units.get(report.unitId)?.name ?? `#${report.unitId}`,
        unitKind: units.get(report.unitId)?.kind ?? '',
        keyDate: report.keyDate ? calendar.get(report.keyDate)?.name ?? report.keyDate : '',
      }
    }
    if (page.length < PAGE) return
    after = page[page.length - 1].id
  }
}

export function registerExport(ctx: Context, config: Config) {
  ctx.pufaRoles.adminCommand(acceptAnyWord(ctx.command('导出 [...period:string]').alias('pufa.export')))
    .userFields(['id', 'authority'])
    .action(async ({ session }, ...words) => {
      const s = session!
      const scope = await scopeFor(ctx, s, words, {})
      if (typeof scope === 'string') return scope
      const dir = resolve(ctx.baseDir, config.exports)
      mkdirSync(dir, { recursive: true })
      const now = new Date()
      const stamp = formatShanghai(now).replace(/[-: ]/g, '')
      const file = join(dir, `台账-${scope.period.from}_${scope.period.to}-${stamp}.xlsx`)
      // A long export says so first, so nobody sends it again thinking the bot missed it.
      const { count } = await grandTotals(ctx, scope)
      if (count >= config.noticeRows) await s.send(s.text('.working', { period: scope.period.label, rows: count }))
      // Reports name their unit, stopped ones too; 单位汇总 lists the active units in scope, silent ones included.
      const register = new Map((await ctx.database.get('pufa_unit', {})).map(unit => [unit.id, unit]))
      const units = [...register.values()].filter(unit => unit.active && (!scope.unitIds || scope.unitIds.includes(unit.id)))
      const result = await writeLedgerWorkbook(file, { title: `${scope.period.label} 普法台账`, rows: ledgerRows(ctx, scope, register), generatedAt: now, units })
      const reply = s.text('.done', { period: scope.period.label, rows: result.rows, units: result.units, path: relative(ctx.baseDir, file) })
      if (!config.filePlatforms.includes(s.platform.split(':')[0])) return reply
      // The title names the file in the group (unset, OneBot names it with the URL-encoded path).
      // A send that fails is logged and comes back empty: say so rather than claim it arrived.
      const sent = await s.send(h.file(pathToFileURL(file).href, { title: basename(file) }))
      return [reply, s.text(sent.length ? '.sent' : '.not-sent')].join('\n')
    })
}
