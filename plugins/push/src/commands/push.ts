import { Context, Session } from 'koishi'
import { DAILY_TIP, planDay } from '../../../../src/delivery/plan'
import { parseDate } from '../../../../src/time/local-date'
import { formatTimeOfDay, shanghaiDate, shanghaiMinutes } from '../../../../src/time/shanghai'
import { shortError } from '../../../../src/delivery/redact'
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

  roles.adminCommand(ctx.command('推送.预览 [date:string]').alias('pufa-preview'), { inGroup: true })
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
        if (slot.kind === 'quiz' || slot.kind === 'quiz-week') {
          const composed = await ctx.get('pufaQuiz')?.compose(slot, date!, { platform, channelId: channelId! }, false)
          if (composed) parts.push(composed.text)
        }
        if (slot.kind === 'tip') {
          const { pick, predicted } = await dispatcher.picks.peek({ platform, channelId: channelId! }, date!)
          if (pick) parts.push(render.tip(pick.tip))
          if (predicted) parts.push(session!.text('.predicted'))
        }
      }
      if (!plan.slots.length && !plan.skipped) parts.push(session!.text('.nothing'))
      return parts.join('\n')
    })

  roles.adminCommand(ctx.command('推送.立即').alias('pufa-now'), { inGroup: true })
    .action(async ({ session }) => {
      const report = await dispatcher.sendNow(session!)
      if (!report.subscribed) return session!.text('.not-subscribed')
      const lines: string[] = []
      if (report.sent) lines.push(session!.text('.sent', [report.sent]))
      if (report.waiting) lines.push(session!.text('.waiting', [report.waiting]))
      if (report.failed) lines.push(session!.text('.failed', [report.failed]))
      if (report.busy) lines.push(session!.text('.busy', [report.busy]))
      if (report.done) lines.push(session!.text(lines.length ? '.done-some' : '.done-all', [report.done]))
      return lines.length ? lines.join('\n') : session!.text('.nothing')
    })

  roles.adminCommand(ctx.command('推送.记录 [date:string]').alias('pufa-log'))
    .option('status', '-s <status:string>')
    .action(async ({ session, options }, text) => {
      const { date, error } = dateArgument(session!, text)
      if (error) return error
      let shown: LogGroup[] = [...LOG_GROUPS]
      if (options!.status !== undefined) {
        const wanted = LOG_GROUPS.filter(group => session!.text(`pufa-push.filter.${group}`) === String(options!.status).trim())
        if (!wanted.length) {
          const names = LOG_GROUPS.map(group => session!.text(`pufa-push.filter.${group}`)).join('、')
          return session!.text('.bad-status', [options!.status, names])
        }
        shown = wanted
      }
      const rows = [...latestAttempts(await ctx.database.get('pufa_delivery', { date: date! })).values()]
      if (!rows.length) return session!.text('.empty', [date])
      const count = (group: LogGroup) => rows.filter(row => groupOf(row) === group).length
      const lines = [session!.text('.header', {
        date,
        total: rows.length,
        ...Object.fromEntries(LOG_GROUPS.map(group => [group, count(group)])),
      })]
      const listed = rows.filter(row => shown.includes(groupOf(row)))
      // Problems first, in the order of LOG_GROUPS; within a group, earliest first.
      listed.sort((a, b) => LOG_GROUPS.indexOf(groupOf(a)) - LOG_GROUPS.indexOf(groupOf(b))
        || +a.claimedAt - +b.claimedAt || a.platform.localeCompare(b.platform) || a.channelId.localeCompare(b.channelId))
      if (!listed.length) lines.push(session!.text('.none-shown'))
      for (const row of listed.slice(0, LOG_LINES)) lines.push(logLine(ctx, session!, row))
      if (listed.length > LOG_LINES) lines.push(session!.text('.more', [listed.length - LOG_LINES]))
      return lines.join('\n')
    })
}

/** How the log groups delivery states, problems first. */
const LOG_GROUPS = ['failed', 'unknown', 'missed', 'waiting', 'pending', 'sent'] as const
type LogGroup = typeof LOG_GROUPS[number]

function groupOf(row: Delivery): LogGroup {
  if (row.status === 'claimed' || row.status === 'sending' || row.status === 'abandoned') return 'pending'
  return row.status
}

/** Shown errors are cut short; the stored one (already redacted) is longer. */
const SHOWN_ERROR_LENGTH = 40

function titleOf(ctx: Context, row: Delivery) {
  const library = ctx.pufaContent.library
  if (row.kind === 'reminder') {
    return row.item.split('+').map(part => library.calendar.get(part.split('@')[0])?.name ?? part).join('、')
  }
  const found = library.tips.find(tip => tip.id === row.content) ?? library.items.find(item => item.id === row.content)
  return found?.title ?? row.content
}

const KNOWN_ERRORS = new Set(['bot-offline', 'timeout', 'crashed', 'no-content', 'downtime', 'no-message', 'reply-only'])

/** One short line: group, what, state, when, why, and what happens next. */
function logLine(ctx: Context, session: Session, row: Delivery) {
  const time = (instant: Date) => formatTimeOfDay(shanghaiMinutes(instant))
  const when = row.finishedAt ?? row.claimedAt
  const parts = [session.text('.line', {
    group: `${row.platform}:${row.channelId}`,
    what: row.content === DAILY_TIP
      ? session.text('.what', [session.text(`pufa-push.kind.${row.kind}`)])
      : session.text('.what-titled', { kind: session.text(`pufa-push.kind.${row.kind}`), title: titleOf(ctx, row) }),
    status: session.text(`pufa-push.status.${row.status}`),
    time: when ? time(when) : '',
  })]
  // Appended, not interpolated: these are already message strings.
  if (row.attempt > 1) parts.push(session.text('.attempt', [row.attempt]))
  if (row.error && row.status !== 'sent') {
    const reason = KNOWN_ERRORS.has(row.error) ? session.text(`pufa-push.error.${row.error}`) : shortError(row.error, SHOWN_ERROR_LENGTH)
    parts.push(session.text('.error', [reason]))
  }
  if (row.status === 'failed') {
    parts.push(row.nextAttemptAt ? session.text('.retry-at', [time(row.nextAttemptAt)]) : session.text('.no-retry'))
  }
  return parts.join('')
}
