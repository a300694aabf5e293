import { Context } from 'koishi'
import { DAILY_TIP, planDay, SlotKind } from '../../../src/delivery/plan'
import { shortError } from '../../../src/delivery/redact'
import { LocalDate } from '../../../src/time/local-date'
import { defaultOptions } from './commands/subscribe'
import { Config } from './config'
import { Dispatcher } from './dispatcher'
import { Delivery } from './models'
import { latestAttempts } from './plain-rows'
import { Renderer } from './render'

declare module 'koishi' {
  interface Context {
    pufaPush: PushView
  }
}

export interface Channel {
  platform: string
  channelId: string
}

export interface PreviewPart {
  kind: SlotKind
  /** The message as it would be sent (a Koishi message string). */
  text: string
  /** A daily tip guessed from the rotation, not yet picked. */
  predicted: boolean
}

export interface Preview {
  /** Push time, minutes after midnight Asia/Shanghai. */
  time: number
  subscribed: boolean
  /** Not a workday, and the group takes pushes on workdays only. */
  skipped: boolean
  parts: PreviewPart[]
}

const KNOWN_ERRORS = new Set(['bot-offline', 'timeout', 'crashed', 'no-content', 'downtime', 'no-message', 'reply-only'])

/** How the log groups delivery states, problems first. */
export const LOG_GROUPS = ['failed', 'unknown', 'missed', 'waiting', 'pending', 'sent'] as const
export type LogGroup = typeof LOG_GROUPS[number]

export function groupOf(row: Delivery): LogGroup {
  if (row.status === 'claimed' || row.status === 'sending' || row.status === 'abandoned') return 'pending'
  return row.status
}

/**
 * What the push commands show, for them and for the console: a day's preview for a group and
 * a day's delivery log. Read-only; sending stays with the dispatcher.
 */
export class PushView {
  constructor(private ctx: Context, private config: Config, private dispatcher: Dispatcher) {}

  /** What a group gets on a date, by its settings (the defaults if it has not subscribed); records nothing. */
  async preview(channel: Channel, date: LocalDate, locales = ['zh-CN']): Promise<Preview> {
    const [sub] = await this.ctx.database.get('pufa_subscription', channel)
    const options = sub ?? defaultOptions(this.config)
    const plan = planDay(this.ctx.pufaContent.library, date, options, this.dispatcher.planConfig)
    const render = new Renderer(this.ctx, locales)
    const parts: PreviewPart[] = []
    for (const slot of plan.slots) {
      if (slot.keyDate) parts.push({ kind: slot.kind, text: render.keyDate(slot.keyDate.item, slot.keyDate.occurrence), predicted: false })
      if (slot.reminders) parts.push({ kind: slot.kind, text: render.reminder(slot.reminders), predicted: false })
      if (slot.kind === 'tip') {
        const { pick, predicted } = await this.dispatcher.picks.peek(channel, date)
        parts.push({ kind: slot.kind, text: pick ? render.tip(pick.tip) : '', predicted })
      }
      if (slot.kind === 'quiz' || slot.kind === 'quiz-week') {
        const composed = await this.ctx.get('pufaQuiz')?.compose(slot, date, channel, false)
        parts.push({ kind: slot.kind, text: composed?.text ?? '', predicted: false })
      }
    }
    return { time: options.time, subscribed: !!sub, skipped: !!plan.skipped, parts }
  }

  /** The latest attempt of every slot of a date, with its log group. */
  async log(date: LocalDate) {
    const rows = [...latestAttempts(await this.ctx.database.get('pufa_delivery', { date })).values()]
    return rows.map(row => ({ ...row, group: groupOf(row), title: this.titleOf(row) }))
  }

  /** Why a delivery did not go out, as people read it; the stored error is already redacted, here also cut to `length`. */
  reason(row: Delivery, length: number, locales = ['zh-CN']) {
    if (KNOWN_ERRORS.has(row.error)) return this.ctx.i18n.render(locales, [`pufa-push.error.${row.error}`], {}).join('')
    return shortError(row.error, length)
  }

  /** What a delivery carried, by its title: a tip's or an item's, or the key dates a reminder names. */
  titleOf(row: Delivery) {
    const library = this.ctx.pufaContent.library
    if (row.content === DAILY_TIP) return ''
    if (row.kind === 'reminder') {
      return row.item.split('+').map(part => library.calendar.get(part.split('@')[0])?.name ?? part).join('、')
    }
    const found = library.tips.find(tip => tip.id === row.content) ?? library.items.find(item => item.id === row.content)
    return found?.title ?? row.content
  }
}
