import { chmodSync, mkdirSync, utimesSync } from 'node:fs'
import { basename, join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Context, h, Session } from 'koishi'
import { LedgerRow, writeLedgerWorkbook } from '../../../src/ledger/workbook'
import { formatShanghai } from '../../../src/time/shanghai'
import { acceptAnyWord } from '../../reports/src/free-text'
import { Unit } from '../../reports/src/models'
import { Config } from './index'
import { plainRows } from '../../database-sqlite/src/driver'
import { grandTotals, LedgerFilter } from './queries'
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

/** A report as the export reads it: SQLite's own values, decoded below. */
interface ReportRow {
  id: number
  unitId: number
  title: string
  date: string
  place: string
  participants: number
  materials: number
  theme: string
  form: string
  keyDate: string
  photos: string | null
  photosExpiredAt: number | null
  source: string
  createdBy: string
  createdAt: number | null
  updatedAt: number | null
}

const COLUMNS = ['id', 'unitId', 'title', 'date', 'place', 'participants', 'materials', 'theme', 'form', 'keyDate',
  'photos', 'photosExpiredAt', 'source', 'createdBy', 'createdAt', 'updatedAt'].map(name => `\`${name}\``).join(', ')

/**
 * The WHERE of reportQuery(filter) as SQL with bound parameters: active reports of the
 * period matching the filter. `unary` puts a + before each column, which keeps SQLite
 * from answering through an index on it (see ledgerRows).
 */
function reportWhere(filter: LedgerFilter, unary = '') {
  const parts = [`${unary}\`status\` = 'active'`, `${unary}\`date\` >= ?`, `${unary}\`date\` <= ?`]
  const params: unknown[] = [filter.period.from, filter.period.to]
  const lists: [string, unknown[] | undefined][] = [['unitId', filter.unitIds], ['theme', filter.themes], ['keyDate', filter.keyDates], ['form', filter.forms]]
  for (const [column, values] of lists) {
    if (!values) continue
    parts.push(values.length ? `${unary}\`${column}\` IN (${values.map(() => '?').join(', ')})` : '0')
    params.push(...values)
  }
  return { sql: parts.join(' AND '), params }
}

const instant = (value: number | null) => value === null ? null : new Date(Number(value))

/**
 * Active reports in scope, a page at a time by id, so memory stays flat however many there
 * are. Plain rows through the driver: the ORM's per-field decoding was the largest part of
 * a large export.
 *
 * The first and last id in scope come from the (status, date, …) index; each page then
 * walks the table by id between them. Answered through that index instead, every page
 * would read the whole period and sort it to keep 2,000 rows. Ids rise with submission
 * and reports are dated near it, so the walk passes few rows of other periods.
 */
async function* ledgerRows(ctx: Context, scope: Scope, units: Map<number, Unit>, reporter: (account: string) => string): AsyncIterable<LedgerRow> {
  const calendar = ctx.pufaContent.calendar
  const inScope = reportWhere(scope)
  const [bounds] = await plainRows<{ first: number | null; last: number | null }>(ctx.database,
    `SELECT min(\`id\`) AS first, max(\`id\`) AS last FROM \`pufa_report\` WHERE ${inScope.sql}`, inScope.params)
  if (!bounds || bounds.first === null || bounds.last === null) return
  const where = reportWhere(scope, '+')
  let after = bounds.first - 1
  for (;;) {
    const page = await plainRows<ReportRow>(ctx.database, `SELECT ${COLUMNS} FROM \`pufa_report\` WHERE ${where.sql} `
      + 'AND `id` > ? AND `id` <= ? ORDER BY `id` LIMIT ?', [...where.params, after, bounds.last, PAGE])
    for (const report of page) {
      yield {
        ...report,
        photos: report.photos ? JSON.parse(report.photos) : [],
        photosExpiredAt: instant(report.photosExpiredAt),
        createdAt: instant(report.createdAt)!,
        updatedAt: instant(report.updatedAt)!,
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
  ctx.pufaRoles.adminCommand(acceptAnyWord(ctx.command('导出 [...period:string]').alias('pufa.export')))
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
      return [done, await deliver(s, config, file, path)].join('\n')
    })
}

/**
 * The workbook goes to the admin who asked, never into the group: in a private chat it is
 * sent right there, from a group by private message. Where the platform takes no files, or
 * the private message fails, the reply says where it was saved.
 */
async function deliver(session: Session, config: Config, file: string, path: string) {
  if (!config.filePlatforms.includes(session.platform.split(':')[0])) return session.text('.saved', { path })
  // A title spares adapters (OneBot) from reading the whole file just to learn its name.
  const element = h.file(pathToFileURL(file).href, { title: basename(file) })
  // session.send logs a failed send and returns no ids: an empty answer is a failure too.
  let ids: string[] = []
  try {
    ids = session.isDirect ? await session.send(element) : await session.bot.sendPrivateMessage(session.userId!, element)
  } catch {}
  if (!ids.length) return session.text('.private-failed', { path })
  return session.isDirect ? session.text('.sent-here', { path }) : session.text('.sent-private', { path })
}
