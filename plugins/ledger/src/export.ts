import { chmodSync, mkdirSync, utimesSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { Context } from 'koishi'
import { formatShanghai } from '../../../src/time/shanghai'
import { acceptAnyWord } from '../../reports/src/free-text'
import { sendFileToAsker } from './file-delivery'
import { Config } from './index'
import { grandTotals } from './queries'
import { scopeFor } from './scope'
import { writeScopeWorkbook } from './workbook-file'

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
      const result = await writeScopeWorkbook(ctx, scope, file, { notOfficer: s.text('.not-officer'), now })
      // Its age, for the clean-up, counts from the time in its name.
      utimesSync(file, now, now)
      const path = relative(ctx.baseDir, file)
      const done = s.text('.done', { period: scope.period.label, rows: result.rows, units: result.units })
      // The workbook names officers: it goes to the admin who asked, never into the group.
      const delivery = await sendFileToAsker(s, config.filePlatforms, file)
      return [done, s.text(`.${delivery}`, { path })].join('\n')
    })
}
