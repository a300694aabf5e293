import { readdirSync, statSync, unlinkSync } from 'node:fs'
import { join } from 'node:path'
import { Context } from 'koishi'
import cron from 'node-cron'
import { expirePhotos, isDue, PhotoHolder, unreferencedFiles } from '../../../src/retention/retention'
import { TIME_ZONE } from '../../../src/time/shanghai'
import { Config } from './config'
import { attachmentsDir } from './photos'

/** Every night at 03:30 Beijing time, when nobody reports. */
export const RETENTION_CRON = '30 3 * * *'
const PAGE = 2000
/** Ids per update: the embedded SQLite breaks on very long IN lists. */
const CHUNK = 1000

/** Reports that still keep photos, read a page at a time with only the fields needed. */
async function photoHolders(ctx: Context): Promise<PhotoHolder[]> {
  const holders: PhotoHolder[] = []
  for (let after = 0; ;) {
    const page = await ctx.database.get('pufa_report', { id: { $gt: after } }, {
      fields: ['id', 'createdAt', 'photos', 'photosExpiredAt'], sort: { id: 'asc' }, limit: PAGE,
    })
    for (const report of page) if (report.photos.length && !report.photosExpiredAt) holders.push(report)
    if (page.length < PAGE) return holders
    after = page[page.length - 1].id
  }
}

function remove(dir: string, name: string) {
  try {
    unlinkSync(join(dir, name))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
}

/**
 * Removes drafts left longer than `draftDays`, the photos of reports older than `photoDays`
 * (the report rows stay, marked so views say the photos are gone), and pictures nothing
 * refers to any more.
 */
export async function cleanUpReports(ctx: Context, config: Config, now = new Date()) {
  const dir = attachmentsDir(ctx, config)
  // The flow's in-memory list may still name a removed draft; it then finds no row and lets the message pass.
  const drafts = await ctx.database.get('pufa_report_draft', {})
  const stale = drafts.filter(draft => isDue(draft.updatedAt, config.draftDays, now))
  for (const { platform, userId, channelId } of stale) await ctx.database.remove('pufa_report_draft', { platform, userId, channelId })
  const remaining = drafts.filter(draft => !stale.includes(draft)).map(draft => draft.photos)

  const expiry = expirePhotos(await photoHolders(ctx), remaining, config.photoDays, now)
  for (let i = 0; i < expiry.reports.length; i += CHUNK) {
    await ctx.database.set('pufa_report', { id: expiry.reports.slice(i, i + CHUNK) }, { photosExpiredAt: now })
  }
  for (const name of expiry.files) remove(dir, name)

  const files = readdirSync(dir).map(name => ({ name, modifiedAt: statSync(join(dir, name)).mtime }))
  const orphans = unreferencedFiles(files, expiry.kept, config.draftDays || config.photoDays, now)
  for (const name of orphans) remove(dir, name)
  return { drafts: stale.length, reports: expiry.reports.length, files: expiry.files.length + orphans.length }
}

export function registerRetention(ctx: Context, config: Config) {
  const logger = ctx.logger('pufa-reports')
  ctx.effect(() => {
    const task = cron.schedule(RETENTION_CRON, async () => {
      try {
        const done = await cleanUpReports(ctx, config)
        logger.info('retention: %d drafts, photos of %d reports, %d files removed', done.drafts, done.reports, done.files)
      } catch (error) {
        logger.warn('retention failed: %s', error)
      }
    }, { timezone: TIME_ZONE, noOverlap: true })
    return () => task.destroy()
  })
}
