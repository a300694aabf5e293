import { Context } from 'koishi'
import { KINDS, WebhookKind } from '../../../src/webhook/kinds'
import { WebhookBot } from './bot'
import { registerCommands } from './commands'
import { Config, resolveEndpoints } from './config'
import zhCN from './locales/zh-CN.yml'
import { defineModels } from './models'
import { WebhookSender } from './sender'

export { Config }
export const name = 'pufa-webhook'
// Robots are subscribed in pufa-push's table, so pufa-push must run beside this plugin.
export const inject = ['database', 'http', 'pufaRoles']

export function apply(ctx: Context, input: Config) {
  const config = { ...input, endpoints: resolveEndpoints(input) }
  ctx.i18n.define('zh-CN', zhCN)
  defineModels(ctx)
  const sender = new WebhookSender(ctx, config)
  const bots = new Map<WebhookKind, WebhookBot>()
  for (const kind of KINDS) {
    if (config.endpoints[kind]) bots.set(kind, new WebhookBot(ctx, kind, sender))
  }
  registerCommands(ctx, config, bots)
}
