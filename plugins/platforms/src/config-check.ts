import { Bot, Context, Dict, Universal } from 'koishi'

/** What is missing from a bot's configuration that its adapter would only retry on, as locale keys. */
export function configProblems(bot: Pick<Bot, 'platform' | 'selfId' | 'config'>, hasServer: boolean): [string, Dict][] {
  const config = bot.config ?? {}
  const problems: [string, Dict][] = []
  if (bot.platform === 'onebot') {
    if (!String(config.selfId ?? '').trim()) problems.push(['onebot-self-id', {}])
    if (config.protocol === 'ws-reverse' && !hasServer) problems.push(['onebot-reverse-server', { selfId: config.selfId, path: config.path ?? '/onebot' }])
  }
  if (bot.platform === 'dingtalk') {
    const missing = (['appkey', 'secret'] as const).filter(key => !String(config[key] ?? '').trim())
    if (missing.length) problems.push(['dingtalk-credentials', { missing: missing.join('、') }])
  }
  return problems
}

/**
 * Says at start-up what a half-filled adapter entry lacks, where the adapter would only log
 * a bare connection error and retry forever (a missing OneBot endpoint already fails the
 * adapter's own schema); and, once a QQ bot is online, whether the QQ
 * number in koishi.yml is the one the OneBot implementation logged in with.
 */
export function checkBotConfigs(ctx: Context) {
  const logger = ctx.logger('pufa-platforms')
  const say = (key: string, params: Dict) => logger.error(ctx.i18n.text(['zh-CN'], [`pufa-platforms.${key}`], params))

  ctx.on('ready', () => {
    for (const bot of ctx.bots) {
      for (const [key, params] of configProblems(bot, !!ctx.get('server'))) say(key, params)
    }
  })

  ctx.on('bot-status-updated', (bot) => {
    if (bot.platform !== 'onebot' || bot.status !== Universal.Status.ONLINE) return
    // The bot's selfId follows the account it logged in with; the configured one stays in config.
    const configured = String(bot.config?.selfId ?? ''), login = bot.user?.id
    if (login && configured && login !== configured) say('onebot-wrong-account', { selfId: configured, login })
  })
}
