import { Context, Schema } from 'koishi'
import { registerCommands } from './commands'
import zhCN from './locales/zh-CN.yml'

export const name = 'pufa-annual-report'
export const inject = ['database', 'pufaContent', 'pufaRoles', 'pufaReports', 'pufaLedger', 'pufaDuties']

export interface Config {
  dir: string
}

export const Config: Schema<Config> = Schema.object({
  dir: Schema.string().default('data/reports').description('履职报告和年度普法工作总结草稿（.docx）的保存目录。'),
})

/**
 * 履职报告 drafts: a unit's report, or the county's 年度普法工作总结, as a Word document
 * whose every figure comes from the ledger and the 责任清单, with blanks for what only a
 * person can write.
 */
export function apply(ctx: Context, config: Config) {
  ctx.i18n.define('zh-CN', zhCN)
  registerCommands(ctx, config)
}
