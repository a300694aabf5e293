import { Bot, Context, HTTP } from 'koishi'

/** The parts of @satorijs/adapter-dingtalk's bot (2.5) that its token refresh touches. */
interface DingtalkBot extends Bot {
  http: HTTP
  config: { api: HTTP.Config }
  refreshToken(): Promise<void>
  refreshTokenTimer?: NodeJS.Timeout
}

/**
 * Keeps a DingTalk bot's access token fresh for as long as the bot runs.
 *
 * The adapter refreshes its two-hour token by extending its HTTP client again
 * (`this.http = this.http.extend(...)`) each time, so the client nests one level deeper
 * every refresh; after a few the refresh dies of "Maximum call stack size exceeded", the
 * token lapses and every send fails with 401. Each reconnect also starts another refresh
 * timer without clearing the last. Here every refresh starts from the plain API client and
 * replaces the pending timer.
 */
export function keepDingtalkTokenFresh(ctx: Context) {
  const patched = new WeakSet<object>()
  const patch = (added: Bot) => {
    const bot = added as DingtalkBot
    if (bot.platform !== 'dingtalk' || typeof bot.refreshToken !== 'function' || patched.has(bot.refreshToken)) return
    const refresh = bot.refreshToken
    bot.refreshToken = function () {
      clearTimeout(bot.refreshTokenTimer)
      bot.http = bot.ctx.http.extend(bot.config.api)
      return refresh.call(bot)
    }
    patched.add(bot.refreshToken)
  }
  ctx.bots.forEach(patch)
  ctx.on('bot-added', patch)
}
