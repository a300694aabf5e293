import { Adapter, Context, Universal } from 'koishi'

/**
 * Brings back a WebSocket-client bot that went offline by itself.
 *
 * The OneBot adapter marks its bot offline as soon as the socket closes, and the shared
 * WsClient retry loop gives up on any bot that is offline: it checks `bot.isActive` before
 * each retry. So when the OneBot implementation restarts, no retry setting helps and the
 * bot stays offline until Koishi restarts. This starts such a bot again after `delay`; a bot
 * stopped on purpose (status DISCONNECT first) or removed is left alone.
 */
export function restartDroppedBots(ctx: Context, delay: number) {
  // Keyed by sid: the event hands over a context-bound view of the bot, not the bot itself.
  const previous = new Map<string, Universal.Status>()
  const logger = ctx.logger('pufa-platforms')

  ctx.on('bot-status-updated', (bot) => {
    const before = previous.get(bot.sid)
    previous.set(bot.sid, bot.status)
    if (bot.status !== Universal.Status.OFFLINE || before === Universal.Status.DISCONNECT) return
    if (!(bot.adapter instanceof Adapter.WsClientBase)) return
    logger.info('%s went offline; connecting again in %dms', bot.sid, delay)
    ctx.setTimeout(() => {
      if (!ctx.bots.some(other => other.sid === bot.sid) || bot.isActive) return
      bot.start()
    }, delay)
  })
}
