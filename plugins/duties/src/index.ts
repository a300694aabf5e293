import { resolve } from 'node:path'
import { Context, Schema } from 'koishi'
import { loadDuties } from '../../../src/duties/load'
import { FORMS } from '../../../src/reports/fields'
import { registerCommands } from './commands'
import zhCN from './locales/zh-CN.yml'
import { defineModels } from './models'
import { PufaDuties } from './service'

export { PufaDuties }

export const name = 'pufa-duties'
export const inject = ['database', 'pufaContent', 'pufaRoles', 'pufaReports', 'pufaLedger']

export interface Config {
  file: string
}

export const Config: Schema<Config> = Schema.object({
  file: Schema.string().default('config/duties.yml').description('普法责任清单文件（相对于 koishi.yml 所在目录）。'),
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
}
