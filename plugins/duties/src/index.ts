import { resolve } from 'node:path'
import { Context, Schema } from 'koishi'
import cron from 'node-cron'
import { loadDuties } from '../../../src/duties/load'
import { FORMS } from '../../../src/reports/fields'
import { TIME_ZONE } from '../../../src/time/shanghai'
import { registerCommands } from './commands'
import { LetterConfig, Letters } from './letters'
import zhCN from './locales/zh-CN.yml'
import { defineModels } from './models'
import { PufaDuties } from './service'

export { PufaDuties }

export const name = 'pufa-duties'
export const inject = ['database', 'pufaContent', 'pufaRoles', 'pufaReports', 'pufaLedger', 'pufaDelivery']

export interface Config extends LetterConfig {
  file: string
}

export const Config: Schema<Partial<Config>, Config> = Schema.object({
  file: Schema.string().default('config/duties.yml').description('普法责任清单文件（相对于 koishi.yml 所在目录）。'),
  noticeOffsets: Schema.array(Schema.natural().min(1)).default([14, 3])
    .description('职责截止日前几天发提示函：私信未完成单位的联络员，并在开启节点提醒的订阅群里发一条提示。留空则不发。'),
  checkpoints: Schema.array(Schema.string().pattern(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)).default(['06-30', '09-30', '11-30'])
    .description('进度检查日（MM-DD）：检查日的次日，按检查日当天的进度，给落后或已逾期的单位联络员私信督办函。留空则不发。'),
  letterTime: Schema.string().pattern(/^([01]?\d|2[0-3]):[0-5]\d$/).default('09:00')
    .description('提示函、督办函的发送时间（北京时间）。停机错过的，当天按推送的补发时间补发。'),
})

/**
 * 普法责任清单: each unit's duties for a year, by unit kind with per-unit additions,
 * counted from its reports through the ledger's own queries or marked by an admin.
 */
export function apply(ctx: Context, config: Config) {
  ctx.i18n.define('zh-CN', zhCN)
  const library = ctx.pufaContent.library
  // A bad file stops the plugin with the file, entry and field.
  const years = loadDuties(resolve(ctx.baseDir, config.file), {
    themes: new Set(library.themes.keys()),
    keyDates: new Set(library.calendar.entries.map(entry => entry.id)),
    forms: FORMS,
    kinds: ctx.pufaReports.roster.kinds,
  })
  defineModels(ctx)
  ctx.plugin(PufaDuties, { years })
  registerCommands(ctx, years)

  // Catch up at start-up, then check every minute; letters go out once through the delivery log.
  const letters = new Letters(ctx, years, config)
  ctx.on('ready', () => letters.tick())
  ctx.effect(() => {
    const task = cron.schedule('* * * * *', () => letters.tick(), { timezone: TIME_ZONE, noOverlap: true })
    return () => task.destroy()
  })
}
