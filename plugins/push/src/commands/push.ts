import { Context, Session } from 'koishi'
import { DAILY_TIP } from '../../../../src/delivery/plan'
import { parseDate } from '../../../../src/time/local-date'
import { formatTimeOfDay, shanghaiDate, shanghaiMinutes } from '../../../../src/time/shanghai'
import { Config } from '../config'
import { Dispatcher } from '../dispatcher'
import { Delivery } from '../models'
import { groupOf, LOG_GROUPS, LogGroup } from '../push-view'

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
      const preview = await ctx.pufaPush.preview({ platform, channelId: channelId! }, date!, session!.locales)
      const parts = [session!.text('.header', { date, time: formatTimeOfDay(preview.time) })]
      if (!preview.subscribed) parts.push(session!.text('.default-options'))
      if (preview.skipped) parts.push(session!.text('.skipped'))
      for (const part of preview.parts) {
        parts.push(session!.text('.part', [session!.text(`pufa-push.kind.${part.kind}`)]))
        if (part.text) parts.push(part.text)
        if (part.predicted) parts.push(session!.text('.predicted'))
      }
      if (!preview.parts.length && !preview.skipped) parts.push(session!.text('.nothing'))
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
      if (report.outsideWindow) lines.push(session!.text('.outside-window', [report.outsideWindow]))
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
      const rows = await ctx.pufaPush.log(date!)
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

/** Shown errors are cut short; the stored one (already redacted) is longer. */
const SHOWN_ERROR_LENGTH = 40

/** One short line: group, what, state, when, why, and what happens next. */
function logLine(ctx: Context, session: Session, row: Delivery) {
  const time = (instant: Date) => formatTimeOfDay(shanghaiMinutes(instant))
  const when = row.finishedAt ?? row.claimedAt
  const parts = [session.text('.line', {
    group: `${row.platform}:${row.channelId}`,
    what: row.content === DAILY_TIP
      ? session.text('.what', [session.text(`pufa-push.kind.${row.kind}`)])
      : session.text('.what-titled', { kind: session.text(`pufa-push.kind.${row.kind}`), title: ctx.pufaPush.titleOf(row) }),
    status: session.text(`pufa-push.status.${row.status}`),
    time: when ? time(when) : '',
  })]
  // Appended, not interpolated: these are already message strings.
  if (row.attempt > 1) parts.push(session.text('.attempt', [row.attempt]))
  if (row.error && row.status !== 'sent') {
    const reason = ctx.pufaPush.reason(row, SHOWN_ERROR_LENGTH, session.locales)
    parts.push(session.text('.error', [reason]))
  }
  if (row.status === 'failed') {
    parts.push(row.nextAttemptAt ? session.text('.retry-at', [time(row.nextAttemptAt)]) : session.text('.no-retry'))
  }
  return parts.join('')
}
