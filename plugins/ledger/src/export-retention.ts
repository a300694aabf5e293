import { existsSync, readdirSync, statSync, unlinkSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Context } from 'koishi'
import cron from 'node-cron'
import { isDue } from '../../../src/retention/retention'
import { TIME_ZONE } from '../../../src/time/shanghai'
import { Config } from './index'

/** Every night at 03:40 Beijing time, after the reports' clean-up. */
export const EXPORT_RETENTION_CRON = '40 3 * * *'

/**
 * Removes exported workbooks (and temp files a crash left) older than `exportDays`: they
 * name officers, and each one is a copy of what 导出 makes again at any time.
 */
export function cleanUpExports(ctx: Context, config: Config, now = new Date()) {
  const dir = resolve(ctx.baseDir, config.exports)
  if (!existsSync(dir)) return 0
  let removed = 0
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    const stat = statSync(path)
    if (!stat.isFile() || !isDue(stat.mtime, config.exportDays, now)) continue
    unlinkSync(path)
    removed++
  }
  return removed
}

export function registerExportRetention(ctx: Context, config: Config) {
  const logger = ctx.logger('pufa-ledger')
  ctx.effect(() => {
    const task = cron.schedule(EXPORT_RETENTION_CRON, () => {
      try {
        logger.info('retention: %d exported files removed', cleanUpExports(ctx, config))
      } catch (error) {
        logger.warn('retention failed: %s', error)
      }
    }, { timezone: TIME_ZONE, noOverlap: true })
    return () => task.destroy()
  })
}
