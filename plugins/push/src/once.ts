import { Bot, Context, h, Random, Service, Session } from 'koishi'
import { describeError, isUniqueClash } from '../../../src/delivery/errors'
import { shortError } from '../../../src/delivery/redact'
import { nextAttemptAt, RetryPolicy } from '../../../src/delivery/retry'
import { LocalDate } from '../../../src/time/local-date'
import { Config } from './config'
import { canSend, STORED_ERROR_LENGTH } from './dispatcher'
import { Delivery } from './models'
import { pause } from './pacing'
import { latestAttempts } from './plain-rows'

declare module 'koishi' {
  interface Context {
    pufaDelivery: PufaDelivery
  }
}

/** One message to deliver at most once: to a group (channelId) or privately (userId). */
export interface OnceMessage {
  /** Identifies the message: a second sendOnce with the same key sends nothing. */
  key: string
  /** Its kind in the delivery log (at most 15 characters), named in 「推送 记录」 by pufa-push.kind.<kind>. */
  kind: string
  /** What it is about, shown in 「推送 记录」 (at most 255 characters). */
  item: string
  /** The Shanghai day the message belongs to, for the delivery log. */
  date: LocalDate
  platform: string
  channelId?: string
  guildId?: string
  /** A private message to this user; recorded under channel `private:<userId>`. */
  userId?: string
  /** The bot account to send with when it is online (a group's subscriber); else any of the platform's. */
  selfId?: string
  content: string | h.Fragment
  /** Retry a failed message now, even before its retry time or after the last retry. */
  retryNow?: boolean
  /** Send as a reply in this conversation (platforms such as QQ take replies only). */
  session?: Session
}

/**
 * 'done': sent before, or possibly sent (unknown), or failed with no retry left; 'busy':
 * another claim holds it; 'later': failed, and its retry time has not come; 'no-bot': no
 * bot of the platform can send now (nothing recorded, try again later).
 */
export type OnceResult = 'sent' | 'failed' | 'unknown' | 'done' | 'busy' | 'later' | 'no-bot'

const TIMEOUT = Symbol('timeout')

/** The channel a private message is recorded under: never equal to a group id. */
export function privateChannel(userId: string) {
  return `private:${userId}`
}

/**
 * Messages sent at most once, whoever asks and however often (催报 twice, two instances,
 * a button clicked twice), through the same delivery log and rules as the daily push:
 * a claim is the insert of (key, attempt) under a unique index; a timeout is `unknown` and
 * never resent; a failure is retried after the push config's backoff; a send that never
 * reported back (the process died) is `unknown` once sendTimeout + claimLease have passed.
 */
export class PufaDelivery extends Service {
  static inject = ['database']
  readonly instance = Random.id(8)

  constructor(ctx: Context, public config: Config) {
    super(ctx, 'pufaDelivery')
  }

  private get retry(): RetryPolicy {
    const { maxAttempts, baseDelay, maxDelay } = this.config.retry
    return { maxAttempts, baseDelayMs: baseDelay, maxDelayMs: maxDelay }
  }

  async sendOnce(message: OnceMessage, now = new Date()): Promise<OnceResult> {
    const channelId = message.userId ? privateChannel(message.userId) : message.channelId
    if (!channelId) throw new TypeError(`sendOnce ${message.key}: neither channelId nor userId`)
    // The log's columns: kind string(15), key string(511).
    if (message.kind.length > 15 || message.key.length > 511) throw new TypeError(`sendOnce ${message.key}: kind or key too long`)
    const rows = await this.ctx.database.get('pufa_delivery', { key: message.key })
    const previous = latestAttempts(rows).get(message.key)
    const state = previous && await this.standing(previous, message, now)
    if (state) return state
    const bot = message.session?.bot ?? this.findBot(message.platform, message.selfId)
    if (!bot) return 'no-bot'
    const attempt = (previous?.attempt ?? 0) + 1
    try {
      await this.ctx.database.create('pufa_delivery', {
        key: message.key,
        attempt,
        date: message.date,
        kind: message.kind,
        item: message.item.slice(0, 255),
        content: message.item.slice(0, 255),
        platform: message.platform,
        channelId,
        status: 'sending',
        instance: this.instance,
        claimedAt: now,
        messageIds: [],
        error: '',
      })
    } catch (error) {
      if (isUniqueClash(error)) return 'busy'
      throw error
    }
    if (previous?.status === 'claimed') {
      await this.ctx.database.set('pufa_delivery', { id: previous.id, status: 'claimed' }, { status: 'abandoned' })
    }
    const outcome = await this.send(bot, message)
    const where = { key: message.key, attempt }
    const finishedAt = new Date()
    if (outcome.status === 'sent') {
      await this.ctx.database.set('pufa_delivery', where, { status: 'sent', messageIds: outcome.ids, finishedAt })
      return 'sent'
    }
    const error = shortError(outcome.error, STORED_ERROR_LENGTH)
    // A caller that retries on request (催报) gets no retry time: the log would promise a retry nobody makes.
    const retryAt = outcome.status === 'failed' && !message.retryNow ? nextAttemptAt(this.retry, attempt, now) : undefined
    await this.ctx.database.set('pufa_delivery', where, { status: outcome.status, error, finishedAt, nextAttemptAt: retryAt ?? null! })
    this.ctx.logger('pufa-push').warn('%s → %s (%s)', message.key, outcome.status, error)
    return outcome.status
  }

  /** What an earlier attempt means for this call, or undefined when a new attempt is due. */
  private async standing(previous: Delivery, message: OnceMessage, now: Date): Promise<OnceResult | undefined> {
    switch (previous.status) {
      case 'sent':
      case 'unknown':
      case 'missed':
        return 'done'
      case 'failed':
        if (message.retryNow) return
        if (!previous.nextAttemptAt) return 'done'
        return previous.nextAttemptAt <= now ? undefined : 'later'
      case 'sending':
        if (+previous.claimedAt + this.config.sendTimeout + this.config.claimLease > +now) return 'busy'
        // It never reported back: it may have been delivered, so it is never sent again.
        await this.ctx.database.set('pufa_delivery', { id: previous.id, status: 'sending' }, { status: 'unknown', error: 'crashed', finishedAt: now })
        return 'done'
      case 'claimed':
        return +previous.claimedAt + this.config.claimLease > +now ? 'busy' : undefined
      default:
        // abandoned or waiting: a later attempt holds or held it.
        return 'busy'
    }
  }

  private findBot(platform: string, selfId?: string): Bot | undefined {
    const ready = this.ctx.bots.filter(bot => bot.platform === platform && canSend(bot))
    return ready.find(bot => bot.selfId === selfId) ?? ready[0]
  }

  /** The platform's pause between two sends, as pushes keep it. */
  pause(platform: string) {
    return pause(this.ctx, this.config.pacing, platform)
  }

  private async send(bot: Bot, message: OnceMessage): Promise<{ status: 'sent'; ids: string[] } | { status: 'failed' | 'unknown'; error: string }> {
    let cancel = () => {}
    const timeout = new Promise<typeof TIMEOUT>((resolve) => {
      cancel = this.ctx.setTimeout(() => resolve(TIMEOUT), this.config.sendTimeout)
    })
    // Not session.send: it logs a failure and answers with no ids, which would read as sent.
    const { session } = message
    const sending = session
      ? session.bot.sendMessage(session.channelId!, message.content, session.event.referrer, { session })
      : message.userId
        ? bot.sendPrivateMessage(message.userId, message.content, message.guildId)
        : bot.sendMessage(message.channelId!, message.content, message.guildId)
    const result = await Promise.race([sending.then(ids => ({ ids }), (error: unknown) => ({ error })), timeout])
    cancel()
    if (result === TIMEOUT) return { status: 'unknown', error: 'timeout' }
    if ('error' in result) return { status: 'failed', error: describeError(result.error) }
    return { status: 'sent', ids: result.ids }
  }
}
