import { Context, Session } from 'koishi'
import { planDay } from '../../../../src/delivery/plan'
import { parseDate } from '../../../../src/time/local-date'
import { formatTimeOfDay, shanghaiDate } from '../../../../src/time/shanghai'
import { Config } from '../config'
import { Dispatcher, latestAttempts } from '../dispatcher'
import { Delivery } from '../models'
import { Renderer } from '../render'
import { defaultOptions } from './subscribe'

const LOG_LINES = 30

function dateArgument(session: Session, text: string | undefined) {
  if (!text) return { date: shanghaiDate(new Date()) }
  const date = parseDate(text)
  return date ? { date } : { error: session.text('pufa-push.bad-date', [text]) }
}

export function registerPush(ctx: Context, config: Config, dispatcher: Dispatcher) {
  const roles = ctx.pufaRoles

  roles.adminCommand(ctx.command('推送'))
    .action(({ session }) => session!.execute('help 推送'))

  roles.adminCommand(ctx.command('推送.预览 [date:string]').alias('pufa.preview'), { inGroup: true })
    .action(async ({ session }, text) => {
      const { date, error } = dateArgument(session!, text)
      if (error) return error
      const { platform, channelId } = session!
      const [sub] = await ctx.database.get('pufa_subscription', { platform, channelId })
      const options = sub ?? defaultOptions(config)
      const plan = planDay(ctx.pufaContent.library, date!, options, dispatcher.planConfig)
      const render = new Renderer(ctx, session!.locales)
      const parts = [session!.text('.header', { date, time: formatTimeOfDay(options.time) })]
      if (!sub) parts.push(session!.text('.default-options'))
      if (plan.skipped) parts.push(session!.text('.skipped'))
      for (const slot of plan.slots) {
        parts.push(session!.text('.part', [session!.text(`pufa-push.kind.${slot.kind}`)]))
        if (slot.keyDate) parts.push(render.keyDate(slot.keyDate.item, slot.keyDate.occurrence))
        if (slot.reminders) parts.push(render.reminder(slot.reminders))
        if (slot.kind === 'tip') {
          const { pick, predicted } = await dispatcher.picks.peek({ platform, channelId: channelId! }, date!)
          if (pick) parts.push(render.tip(pick.tip))
          if (predicted) parts.push(session!.text('.predicted'))
        }
      }
      if (!plan.slots.length && !plan.skipped) parts.push(session!.text('.nothing'))
      return parts.join('\n')
    })

  roles.adminCommand(ctx.command('推送.记录 [date:string]').alias('pufa.log'))
    .action(async ({ session }, text) => {
      const { date, error } = dateArgument(session!, text)
      if (error) return error
      const rows = [...latestAttempts(await ctx.database.get('pufa_delivery', { date: date! })).values()]
      if (!rows.length) return session!.text('.empty', [date])
      rows.sort((a, b) => a.platform.localeCompare(b.platform) || a.channelId.localeCompare(b.channelId) || a.kind.localeCompare(b.kind))
      const count = (...statuses: Delivery['status'][]) => rows.filter(row => statuses.includes(row.status)).length
      const lines = [session!.text('.header', {
        date,
        total: rows.length,
        sent: count('sent'),
        failed: count('failed'),
        unknown: count('unknown'),
        pending: count('claimed', 'sending'),
      })]
      for (const row of rows.slice(0, LOG_LINES)) lines.push(logLine(ctx, session!, row))
      if (rows.length > LOG_LINES) lines.push(session!.text('.more', [rows.length - LOG_LINES]))
      return lines.join('\n')
    })
}

function titleOf(ctx: Context, row: Delivery) {
  const library = ctx.pufaContent.library
  if (row.kind === 'reminder') {
    return row.item.split('+').map(part => library.calendar.get(part.split('@')[0])?.name ?? part).join('、')
  }
  const found = library.tips.find(tip => tip.id === row.content) ?? library.items.find(item => item.id === row.content)
  return found?.title ?? row.content
}

const KNOWN_ERRORS = new Set(['bot-offline', 'timeout', 'crashed', 'no-content'])

function logLine(ctx: Context, session: Session, row: Delivery) {
  const reason = KNOWN_ERRORS.has(row.error) ? session.text(`pufa-push.error.${row.error}`) : row.error
  const line = session.text('.line', {
    group: `${row.platform}:${row.channelId}`,
    kind: session.text(`pufa-push.kind.${row.kind}`),
    title: titleOf(ctx, row),
    status: session.text(`pufa-push.status.${row.status}`),
  })
  // Appended, not interpolated: these are already message strings.
  const attempt = row.attempt > 1 ? session.text('.attempt', [row.attempt]) : ''
  const error = reason && row.status !== 'sent' ? session.text('.error', [reason]) : ''
  return line + attempt + error
}
