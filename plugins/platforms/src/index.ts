import { Context, Schema } from 'koishi'
import { checkBotConfigs } from './config-check'
import { keepDingtalkTokenFresh } from './dingtalk-token'
import { fillLarkGaps } from './lark-gaps'
import { restartDroppedBots } from './reconnect'
import { dedupeMessages } from './seen-messages'
import zhCN from './locales/zh-CN.yml'

export interface Config {
  dedupe: string[]
  dedupeKeep: number
  restartDelay: number
}

export const Config: Schema<Config> = Schema.object({
  dedupe: Schema.array(String).default(['dingtalk'])
    .description('会重复投递同一条消息的平台：按消息 ID 去重，同一条消息只处理一次。'),
  dedupeKeep: Schema.natural().role('ms').default(86_400_000).description('消息 ID 保留多久（毫秒）。'),
  restartDelay: Schema.natural().role('ms').default(10_000)
    .description('WebSocket 连接断开、适配器放弃重连后，隔多久重新连接（毫秒）。'),
})

export const name = 'pufa-platforms'
export const inject = ['database']

export function apply(ctx: Context, config: Config) {
  ctx.i18n.define('zh-CN', zhCN)
  dedupeMessages(ctx, { platforms: config.dedupe, keep: config.dedupeKeep })
  restartDroppedBots(ctx, config.restartDelay)
  keepDingtalkTokenFresh(ctx)
  fillLarkGaps(ctx)
  checkBotConfigs(ctx)
}
