import { Context, Session } from 'koishi'
import { accountOf } from '../../../roles/src'
import { addDays, diffDays } from '../../../../src/time/local-date'
import { formatShanghai, formatTimeOfDay, parseTimeOfDay, shanghaiDate } from '../../../../src/time/shanghai'
import { PlanConfig, planDay, PushOptions } from '../../../../src/delivery/plan'
import { workdayOf } from '../../../../src/holidays/workdays'
import { Config, minutesOf } from '../config'
import { Dispatcher } from '../dispatcher'
import { Subscription } from '../models'

const TOGGLES = ['tips', 'dates', 'reminders', 'workdays', 'quiz'] as const
type Toggles = Partial<Record<typeof TOGGLES[number], boolean>>

export function defaultOptions(config: Config): PushOptions {
  return { time: minutesOf(config.defaultTime), tips: true, dates: true, reminders: false, workdays: false, quiz: false }
}

function summary(session: Session, options: PushOptions, planConfig: PlanConfig) {
  const flag = (value: boolean) => session.text(value ? 'pufa-push.options.on' : 'pufa-push.options.off')
  const lines = [session.text('commands.订阅.messages.summary', {
    time: formatTimeOfDay(options.time),
    workdays: options.workdays ? session.text('pufa-push.options.workdays') : '',
    tips: flag(options.tips),
    dates: flag(options.dates),
    reminders: flag(options.reminders),
  })]
  // Only groups that opted in hear about the quiz, and only when it is installed.
  if (options.quiz && planConfig.quiz) {
    const { opensAt, closesAt, weeklyDay, weeklyAt } = planConfig.quiz
    lines.push(session.text('commands.订阅.messages.quiz', {
      opens: formatTimeOfDay(opensAt),
      closes: formatTimeOfDay(closesAt),
      weekday: session.text(`pufa-push.weekday.${weeklyDay}`),
      weekly: formatTimeOfDay(weeklyAt),
    }))
  }
  if (options.quiz && !planConfig.quiz) lines.push(session.text('commands.订阅.messages.quiz-missing'))
  return lines.join('\n')
}

/** The first push at or after `now` within two weeks, e.g. “2026-11-23 08:30（每日一法）”. */
function nextPush(session: Session, dispatcher: Dispatcher, options: PushOptions, now: Date) {
  const library = session.app.pufaContent.library
  const today = shanghaiDate(now)
  for (let offset = 0; offset < 14; offset++) {
    const plan = planDay(library, addDays(today, offset), options, dispatcher.planConfig)
    const slots = plan.slots.filter(slot => slot.due >= now)
    if (!slots.length) continue
    const kinds = [...new Set(slots.map(slot => session.text(`pufa-push.kind.${slot.kind}`)))].join('、')
    return session.text('commands.订阅.messages.next', [`${formatShanghai(slots[0].due)}（${kinds}）`])
  }
  return session.text('commands.订阅.messages.next-none')
}

/** Admins are told when “workdays only” has no official schedule for the coming year. */
function holidayNotice(session: Session, options: PushOptions, now: Date) {
  if (!options.workdays) return []
  const ahead = addDays(shanghaiDate(now), 45)
  if (workdayOf(ahead, session.app.pufaContent.library.holidays).known) return []
  return [session.text('pufa-push.holidays-unknown', [ahead.slice(0, 4)])]
}

/**
 * On platforms where a group may refuse proactive posts (QQ official bots), a first
 * subscription posts a short welcome to find out, and says what it found.
 */
async function probe(session: Session, config: Config, dispatcher: Dispatcher, sub: Subscription) {
  if (!config.probe.includes(sub.platform) || sub.proactive !== 'unknown') return []
  const welcome = session.app.i18n.render(['zh-CN'], ['pufa-push.message.welcome'], [formatTimeOfDay(sub.time)]).join('')
  const proactive = await dispatcher.probe(sub, welcome)
  if (proactive === 'unknown') return [session.text('commands.订阅.messages.probe-unknown')]
  await dispatcher.markProactive(sub, proactive)
  return proactive === 'no' ? [session.text('commands.订阅.messages.reply-only')] : []
}

export function registerSubscribe(ctx: Context, config: Config, dispatcher: Dispatcher) {
  const roles = ctx.pufaRoles

  const subscribe = ctx.command('订阅')
    .alias('pufa-subscribe')
    .option('time', '-t <time:string>')
    .option('tips', '--tips')
    .option('dates', '--dates')
    .option('reminders', '--reminders')
    .option('workdays', '--workdays')
    .option('quiz', '--quiz')
  roles.adminCommand(subscribe, { inGroup: true }).action(async ({ session, options }) => {
      const { platform, channelId } = session!
      let time: number | undefined
      if (options!.time !== undefined) {
        time = parseTimeOfDay(String(options!.time))
        if (time === undefined) return session!.text('.bad-time', [options!.time])
      }
      const [existing] = await ctx.database.get('pufa_subscription', { platform, channelId })
      const toggles: Toggles = {}
      for (const key of TOGGLES) {
        if (typeof options![key] === 'boolean') toggles[key] = options![key]
      }
      const base: PushOptions = existing ?? defaultOptions(config)
      const next: PushOptions = { ...base, ...toggles, time: time ?? base.time }
      const row: Subscription = {
        platform,
        channelId: channelId!,
        guildId: session!.guildId ?? '',
        selfId: session!.selfId,
        ...next,
        quiz: next.quiz ?? false,
        proactive: existing?.proactive ?? 'unknown',
        createdBy: existing?.createdBy ?? accountOf(session!),
        createdAt: existing?.createdAt ?? new Date(),
        updatedAt: new Date(),
      }
      await ctx.database.upsert('pufa_subscription', [row])
      const now = new Date()
      return [
        session!.text(existing ? '.updated' : '.created'),
        summary(session!, next, dispatcher.planConfig),
        nextPush(session!, dispatcher, next, now),
        ...holidayNotice(session!, next, now),
        ...await probe(session!, config, dispatcher, row),
        session!.text('.footer'),
      ].join('\n')
    })

  roles.adminCommand(ctx.command('订阅.状态').alias('pufa-status'), { inGroup: true })
    .action(async ({ session }) => {
      const { platform, channelId } = session!
      const [sub] = await ctx.database.get('pufa_subscription', { platform, channelId })
      if (!sub) return session!.text('.not-subscribed')
      const now = new Date()
      const today = shanghaiDate(now)
      const content = ctx.pufaContent
      const upcoming = content.calendar.between(addDays(today, 1), addDays(today, 400)).find(o => o.start > today && o.entry.core)
      const lines = [
        session!.text('.header'),
        summary(session!, sub, dispatcher.planConfig),
        session!.text('.since', { by: sub.createdBy, at: formatShanghai(sub.createdAt) }),
        nextPush(session!, dispatcher, sub, now),
      ]
      if (upcoming) {
        lines.push(session!.text('.next-key-date', {
          when: content.describeWindow(upcoming, session!.locales),
          name: upcoming.entry.name,
          days: diffDays(today, upcoming.start),
        }))
      }
      return [...lines, ...holidayNotice(session!, sub, now)].join('\n')
    })

  roles.adminCommand(ctx.command('退订').alias('pufa-unsubscribe'), { inGroup: true })
    .action(async ({ session }) => {
      const { platform, channelId } = session!
      const { removed } = await ctx.database.remove('pufa_subscription', { platform, channelId })
      return session!.text(removed ? '.done' : '.not-subscribed')
    })
}
