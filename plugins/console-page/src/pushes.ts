import { Context, h } from 'koishi'
import { parseDate } from '../../../src/time/local-date'
import { LogGroup, Preview } from '../../push/src/push-view'
import { Subscription } from '../../push/src/models'

/** Errors on the page are longer than in chat, never the raw stored text beyond its redaction. */
const SHOWN_ERROR_LENGTH = 200

export interface LogRow {
  platform: string
  channelId: string
  kind: string
  title: string
  group: LogGroup
  attempt: number
  /** When it finished, or was claimed if it has not. */
  at: number | null
  error: string
}

export type SubscriptionRow = Pick<Subscription, 'platform' | 'channelId' | 'time' | 'tips' | 'dates' | 'reminders' | 'quiz' | 'workdays' | 'proactive'>

export type PushesReply = { date: string; log: LogRow[]; subscriptions: SubscriptionRow[] } | { problem: string }
export type PreviewReply = { date: string; preview: Preview } | { problem: string }

function badDate(ctx: Context, text: string) {
  return { problem: h.unescape(ctx.i18n.render(['zh-CN'], ['pufa-push.bad-date'], [text]).join('')) }
}

/** A day's delivery log (the latest attempt of each slot) and every subscription with its settings. */
export async function pushes(ctx: Context, text: string, today: string): Promise<PushesReply> {
  const date = text ? parseDate(text) : today
  if (!date) return badDate(ctx, text)
  const view = ctx.pufaPush
  const rows = await view.log(date)
  const subscriptions = await ctx.database.get('pufa_subscription', {}, { sort: { platform: 'asc', channelId: 'asc' } })
  return {
    date,
    log: rows.map(row => ({
      platform: row.platform,
      channelId: row.channelId,
      kind: row.kind,
      title: row.title,
      group: row.group,
      attempt: row.attempt,
      at: (row.finishedAt ?? row.claimedAt)?.getTime() ?? null,
      error: row.error && row.status !== 'sent' ? view.reason(row, SHOWN_ERROR_LENGTH) : '',
    })),
    subscriptions: subscriptions.map(({ platform, channelId, time, tips, dates, reminders, quiz, workdays, proactive }) => ({
      platform, channelId, time, tips, dates, reminders, quiz, workdays, proactive,
    })),
  }
}

/** What a group gets on a date, as plain text for the page. */
export async function preview(ctx: Context, platform: string, channelId: string, text: string, today: string): Promise<PreviewReply> {
  const date = text ? parseDate(text) : today
  if (!date) return badDate(ctx, text)
  const result = await ctx.pufaPush.preview({ platform, channelId }, date)
  const plain = (message: string) => h.parse(message).map(element => element.toString(true)).join('')
  return { date, preview: { ...result, parts: result.parts.map(part => ({ ...part, text: plain(part.text) })) } }
}
