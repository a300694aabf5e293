import { chmodSync, mkdirSync, utimesSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { Context, Session } from 'koishi'
import { LedgerRow, writeLedgerWorkbook } from '../../../src/ledger/workbook'
import { formatShanghai } from '../../../src/time/shanghai'
import { acceptAnyWord } from '../../reports/src/free-text'
import { Unit } from '../../reports/src/models'
import { sendFileToAsker } from './file-delivery'
import { Config } from './index'
import { grandTotals, reportQuery } from './queries'
import { Scope, scopeFor } from './scope'

const PAGE = 2000

/**
 * Who reported, by name: officers by the name they bound with, anyone else (an admin
 * reporting for a unit) by a label. Account ids stay out of a file that gets passed around.
 */
async function reporterNames(ctx: Context, session: Session) {
  const officers = await ctx.database.get('pufa_officer', {}, ['platform', 'userId', 'name'])
  const names = new Map(officers.map(officer => [`${officer.platform}:${officer.userId}`, officer.name]))
  const other = session.text('commands.导出.messages.not-officer')
  return (account: string) => names.get(account) || other
}

/** Active reports in scope, a page at a time by id, so memory stays flat however many there are. */
async function* ledgerRows(ctx: Context, scope: Scope, units: Map<number, Unit>, reporter: (account: string) => string): AsyncIterable<LedgerRow> {
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
        createdBy: reporter(report.createdBy),
      }
    }
    if (page.length < PAGE) return
    after = page[page.length - 1].id
  }
}

export function registerExport(ctx: Context, config: Config) {
  ctx.pufaRoles.adminCommand(acceptAnyWord(ctx.command('导出 [...period:string]').alias('pufa-export')))
    .userFields(['id', 'authority'])
    .action(async ({ session }, ...words) => {
      const s = session!
      const scope = await scopeFor(ctx, s, words, {})
      if (typeof scope === 'string') return scope
      // The workbook names officers and their units: readable by the bot's own user only.
      const dir = resolve(ctx.baseDir, config.exports)
      mkdirSync(dir, { recursive: true, mode: 0o700 })
      chmodSync(dir, 0o700)
      const now = new Date()
      const stamp = formatShanghai(now).replace(/[-: ]/g, '')
      const file = join(dir, `台账-${scope.period.from}_${scope.period.to}-${stamp}.xlsx`)
      // A long export says so first, so nobody sends it again thinking the bot missed it.
      const { count } = await grandTotals(ctx, scope)
      if (count >= config.noticeRows) await s.send(s.text('.working', { period: scope.period.label, rows: count }))
      // Reports name their unit, stopped ones too; 单位汇总 lists the active units in scope, silent ones included.
      const register = new Map((await ctx.database.get('pufa_unit', {})).map(unit => [unit.id, unit]))
      const units = [...register.values()].filter(unit => unit.active && (!scope.unitIds || scope.unitIds.includes(unit.id)))
      const rows = ledgerRows(ctx, scope, register, await reporterNames(ctx, s))
      const result = await writeLedgerWorkbook(file, { title: `${scope.period.label} 普法台账`, rows, generatedAt: now, units })
      // Its age, for the clean-up, counts from the time in its name.
      utimesSync(file, now, now)
      const path = relative(ctx.baseDir, file)
      const done = s.text('.done', { period: scope.period.label, rows: result.rows, units: result.units })
      // The workbook names officers: it goes to the admin who asked, never into the group.
      const delivery = await sendFileToAsker(s, config.filePlatforms, file)
      return [done, s.text(`.${delivery}`, { path })].join('\n')
    })
}
