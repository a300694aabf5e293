import { Argv, Context, Session } from 'koishi'
import { accountOf } from '../../roles/src'
import type { Subscription } from '../../push/src/models'
import { KIND_INFO, KINDS, parseAddress, platformOf, WebhookKind } from '../../../src/webhook/kinds'
import { mask } from '../../../src/webhook/redact'
import { formatTimeOfDay, parseTimeOfDay } from '../../../src/time/shanghai'
import { WebhookBot } from './bot'
import { Config } from './config'
import { WebhookRobot } from './models'

/** What admins may type for each kind (lower-cased). */
const KIND_NAMES: Record<string, WebhookKind> = {
  企业微信: 'wecom', 企微: 'wecom', wecom: 'wecom',
  政务微信: 'zwwx', zwwx: 'zwwx',
  钉钉: 'dingtalk', dingtalk: 'dingtalk',
  飞书: 'feishu', feishu: 'feishu',
  lark: 'lark',
}

/** Signing secrets as the platforms issue them (DingTalk's start with SEC): printable, no spaces. */
const SECRET = /^[\x21-\x7e]{8,128}$/

const TOGGLES = ['tips', 'dates', 'reminders', 'workdays'] as const

function kindLabel(session: Session, kind: WebhookKind) {
  return session.text(`pufa-webhook.kind.${kind}`)
}

/** The robot's line in lists and replies; secrets only masked. */
function robotLine(session: Session, robot: WebhookRobot, sub?: Subscription) {
  const flag = (value: boolean) => session.text(value ? 'pufa-webhook.on' : 'pufa-webhook.off')
  const push = sub
    ? session.text('pufa-webhook.push', {
      time: formatTimeOfDay(sub.time),
      workdays: sub.workdays ? session.text('pufa-webhook.workdays') : '',
      tips: flag(sub.tips), dates: flag(sub.dates), reminders: flag(sub.reminders),
    })
    : session.text('pufa-webhook.not-subscribed')
  return session.text('pufa-webhook.robot', {
    id: robot.id,
    kind: kindLabel(session, robot.kind),
    name: robot.name || session.text('pufa-webhook.unnamed'),
    key: mask(robot.token),
    signed: session.text(robot.secret ? 'pufa-webhook.signed' : 'pufa-webhook.unsigned'),
    push,
  })
}

export function registerCommands(ctx: Context, config: Config, bots: Map<WebhookKind, WebhookBot>) {
  const roles = ctx.pufaRoles

  roles.adminCommand(ctx.command('群机器人')).action(({ session }) => session!.execute('help 群机器人'))

  const add = ctx.command('群机器人.添加 <kind:string> <address:string>')
    .option('secret', '-s <secret:string>')
    .option('name', '-n <name:string>')
    .option('time', '-t <time:string>')
    .option('tips', '--tips')
    .option('dates', '--dates')
    .option('reminders', '--reminders')
    .option('workdays', '--workdays')
    // Before the admin check: whoever posts a key in a group has exposed it.
    .check(({ session }: Argv) => session && !session.isDirect ? session.text('commands.群机器人.添加.messages.private-only') : undefined)
  roles.adminCommand(add).action(async ({ session, options }, kindName, address) => {
    if (!kindName || !address) return session!.text('.usage')
    const kind = KIND_NAMES[kindName.toLowerCase()]
    if (!kind) return session!.text('.bad-kind', [kindName])
    const origin = config.endpoints[kind]
    if (!origin) return session!.text('.no-endpoint', [kindLabel(session!, kind)])
    const parsed = parseAddress(kind, address, origin)
    if ('error' in parsed) return session!.text(`.address.${parsed.error}`, { kind: kindLabel(session!, kind), origin })
    const secret = options!.secret === undefined ? '' : String(options!.secret).trim()
    if (secret && KIND_INFO[kind].protocol === 'wecom') return session!.text('.no-signing', [kindLabel(session!, kind)])
    if (options!.secret !== undefined && !SECRET.test(secret)) return session!.text('.bad-secret')
    const name = String(options!.name ?? '').trim()
    if (name.length > 50) return session!.text('.long-name')
    const time = parseTimeOfDay(String(options!.time ?? config.defaultTime))
    if (time === undefined) return session!.text('.bad-time', [options!.time])
    const [existing] = await ctx.database.get('pufa_webhook', { kind, token: parsed.token })
    if (existing) return session!.text('.duplicate', [existing.id])

    const now = new Date()
    const robot = await ctx.database.create('pufa_webhook', {
      kind, token: parsed.token, secret, name, createdBy: accountOf(session!), createdAt: now,
    })
    const toggles = Object.fromEntries(TOGGLES.map(key => [key, options![key]]).filter(([, value]) => typeof value === 'boolean'))
    // The same row 「订阅」 writes, with its defaults; the dispatcher delivers through our bot.
    const sub: Subscription = {
      platform: platformOf(kind),
      channelId: String(robot.id),
      guildId: '',
      selfId: bots.get(kind)!.selfId,
      time,
      tips: true, dates: true, reminders: false, workdays: false, quiz: false,
      ...toggles,
      createdBy: accountOf(session!),
      createdAt: now,
      updatedAt: now,
    }
    try {
      await ctx.database.upsert('pufa_subscription', [sub])
    } catch (error) {
      await ctx.database.remove('pufa_webhook', { id: robot.id })
      throw error
    }
    return [session!.text('.done'), robotLine(session!, robot, sub), session!.text('.footer', [robot.id])].join('\n')
  })

  roles.adminCommand(ctx.command('群机器人.列表')).action(async ({ session }) => {
    const robots = await ctx.database.get('pufa_webhook', {}, { sort: { id: 'asc' } })
    if (!robots.length) return session!.text('.empty')
    const subs = await ctx.database.get('pufa_subscription', { platform: KINDS.map(platformOf) })
    const subOf = (robot: WebhookRobot) => subs.find(sub => sub.platform === platformOf(robot.kind) && sub.channelId === String(robot.id))
    return [session!.text('.header', [robots.length]), ...robots.map(robot => robotLine(session!, robot, subOf(robot)))].join('\n')
  })

  roles.adminCommand(ctx.command('群机器人.删除 <id:natural>')).action(async ({ session }, id) => {
    if (id === undefined) return session!.text('.usage')
    const [robot] = await ctx.database.get('pufa_webhook', { id })
    if (!robot) return session!.text('.not-found', [id])
    await ctx.database.remove('pufa_subscription', { platform: platformOf(robot.kind), channelId: String(id) })
    await ctx.database.remove('pufa_webhook', { id })
    return session!.text('.done', [id, robot.name || kindLabel(session!, robot.kind)])
  })

  roles.adminCommand(ctx.command('群机器人.测试 <id:natural>')).action(async ({ session }, id) => {
    if (id === undefined) return session!.text('.usage')
    const [robot] = await ctx.database.get('pufa_webhook', { id })
    if (!robot) return session!.text('.not-found', [id])
    const bot = bots.get(robot.kind)
    if (!bot) return session!.text('commands.群机器人.添加.messages.no-endpoint', [kindLabel(session!, robot.kind)])
    try {
      await bot.sendMessage(String(id), session!.text('pufa-webhook.test-message'))
    } catch (error) {
      return session!.text('.failed', [id, (error as Error).message])
    }
    return session!.text('.done', [id])
  })
}
