import { Context } from 'koishi'
import { LedgerRow, writeLedgerWorkbook } from '../../../src/ledger/workbook'
import { Unit } from '../../reports/src/models'
import { reportQuery } from './queries'
import { Scope } from './scope'

const PAGE = 2000

/**
 * Who reported, by name: officers by the name they bound with, anyone else (an admin
 * reporting for a unit) by `other`. Account ids stay out of a file that gets passed around.
 */
async function reporterNames(ctx: Context, other: string) {
  const officers = await ctx.database.get('pufa_officer', {}, ['platform', 'userId', 'name'])
  const names = new Map(officers.map(officer => [`${officer.platform}:${officer.userId}`, officer.name]))
  return (account: string) => names.get(account) || other
}

/** Active reports in scope, a page at a time by id, so memory stays flat however many there are. */
export async function* ledgerRows(ctx: Context, scope: Scope, units: Map<number, Unit>, reporter: (account: string) => string): AsyncIterable<LedgerRow> {
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
  const register = new Map((await ctx.database.get('pufa_unit', {})).map(unit => [unit.id, unit]))
  const units = [...register.values()].filter(unit => unit.active && (!scope.unitIds || scope.unitIds.includes(unit.id)))
  const rows = ledgerRows(ctx, scope, register, await reporterNames(ctx, options.notOfficer))
  return writeLedgerWorkbook(file, {
    title: `${scope.period.label} 普法台账`, rows, generatedAt: options.now, units, photoFolder: options.photoFolder,
  })
}
