import { Context } from 'koishi'
import { registerCommands } from './commands'
import { Config } from './config'
import zhCN from './locales/zh-CN.yml'
import { defineModels } from './models'
import { PufaQuiz } from './service'

export { Config }
export const name = 'pufa-quiz'
// Not waiting for pufaReports here: the service must be up when the push plugin's first
// pass plans the day, and it only reads the reports plugin's tables.
export const inject = ['database', 'pufaContent', 'pufaRoles']

export function apply(ctx: Context, config: Config) {
  ctx.i18n.define('zh-CN', zhCN)
  defineModels(ctx)
  ctx.plugin(PufaQuiz, config)
  ctx.inject(['pufaQuiz', 'pufaReports'], ctx => registerCommands(ctx))
}
