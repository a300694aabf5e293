import { Context } from 'koishi'
import cron from 'node-cron'
import { describeError } from '../../../src/delivery/errors'
import { shortError } from '../../../src/delivery/redact'
import { TIME_ZONE } from '../../../src/time/shanghai'
import { registerPush } from './commands/push'
import { registerSubscribe } from './commands/subscribe'
import { registerToday } from './commands/today'
import { Config } from './config'
import { Dispatcher, STORED_ERROR_LENGTH } from './dispatcher'
import zhCN from './locales/zh-CN.yml'
import { defineModels } from './models'
import { PufaDelivery } from './once'
import { PushView } from './push-view'

export { Config, PufaDelivery }
export type { OnceMessage, OnceResult } from './once'
export const name = 'pufa-push'
// The quiz, when installed, adds its slots: looked up at each use, never a reason to restart.
export const inject = {
  database: { required: true },
  pufaContent: { required: true },
  pufaRoles: { required: true },
  pufaQuiz: { required: false },
}

export function apply(ctx: Context, config: Config) {
  ctx.i18n.define('zh-CN', zhCN)
  defineModels(ctx)
  ctx.plugin(PufaDelivery, config)
  const dispatcher = new Dispatcher(ctx, config)
  ctx.set('pufaPush', new PushView(ctx, config, dispatcher))

  registerSubscribe(ctx, config, dispatcher)
  registerToday(ctx, dispatcher)
  registerPush(ctx, config, dispatcher)

  // A reply-only group's held pushes go out as replies to the first message there.
  ctx.middleware(async (session, next) => {
    if (session.isDirect || !session.channelId) return next()
    const result = await next()
    await dispatcher.replyHeld(session).catch((error) => {
      ctx.logger('pufa-push').warn('replying held pushes: %s', shortError(describeError(error), STORED_ERROR_LENGTH))
    })
    return result
  })

  // Catch up at start-up, then check every minute. The cron task lives and dies with
  // this plugin; the schedule itself is computed from the calendar, not from cron.
  ctx.on('ready', () => dispatcher.tick())
  ctx.effect(() => {
    const task = cron.schedule(config.cron, () => dispatcher.tick(), { timezone: TIME_ZONE, noOverlap: true })
    return () => task.destroy()
  })
}
