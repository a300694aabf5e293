import { chmodSync, mkdirSync, utimesSync } from 'node:fs'
import { basename, join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Context, h, Session } from 'koishi'
import { formatShanghai } from '../../../src/time/shanghai'
import { acceptAnyWord } from '../../reports/src/free-text'
import { Config } from './index'
import { grandTotals } from './queries'
import { scopeFor } from './scope'
import { writeScopeWorkbook } from './workbook-file'

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
      const result = await writeScopeWorkbook(ctx, scope, file, { notOfficer: s.text('.not-officer'), now })
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
