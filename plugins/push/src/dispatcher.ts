import { Bot, Context, Random, Session, Universal } from 'koishi'
import { describeError, isProactiveRefusal, isUniqueClash } from '../../../src/delivery/errors'
import { Library } from '../../../src/content/library'
import { DAILY_TIP, dayPlanner, PlanConfig } from '../../../src/delivery/plan'
import { shortError } from '../../../src/delivery/redact'
import { nextAttemptAt, RetryPolicy } from '../../../src/delivery/retry'
import { addDays, LocalDate } from '../../../src/time/local-date'
import { shanghaiDate } from '../../../src/time/shanghai'
import { Config, minutesOf } from './config'
import { inBackground } from '../../database-sqlite/src/driver'
import { Candidate, DaySlots, DUE_SLICE, slotKey } from './day-slots'
import { Delivery, DeliveryStatus, Proactive, Subscription } from './models'
import { breathe, DayState, dayState, DeliveryState, isSettled, KEYS_PER_READ, latestAttempts, readDayState, readDeliveriesOf, readSubscriptions, subscriptionsSignature } from './plain-rows'
import { pause } from './pacing'
import { Renderer } from './render'
import { TipPicks } from './tip-picks'

interface Job extends Candidate {
  attempt: number
  /** The previous attempt, when this one retries, takes over or answers a held slot. */
  previous?: DeliveryState
  /** Where it goes: a connected bot, a reply to a message in the group, or nowhere yet (held for a reply). */
  via: { bot: Bot } | { reply: Session } | { hold: true }
}

type Outcome =
  | { status: 'sent'; messageIds: string[] }
  | { status: 'failed' | 'unknown' | 'waiting' | 'missed'; error: string }

/** What `推送 立即` did, slot by slot. */
export interface NowReport {
  subscribed: boolean
  sent: number
  failed: number
  waiting: number
  /** Already settled today (sent, unknown, missed, failed with no retry left). */
  done: number
  /** Being sent by a scheduled pass right now. */
  busy: number
  /** Quiz slots outside their answering window: a question sent now could not be answered. */
  outsideWindow: number
}

const TIMEOUT = Symbol('timeout')

/** Longest error kept in the delivery log; the log command shortens further. */
export const STORED_ERROR_LENGTH = 200

/**
 * A platform lets a bot reply a few times to one message (QQ: 5 within 5 minutes); held
 * pushes use at most this many, leaving one for the answer to the message itself.
 */
export const HELD_REPLIES_PER_MESSAGE = 4

/**
 * Jobs started between two turns of the event loop. Each turn is a timer a test with fake
 * timers must run, so a pass of a few groups takes none.
 */
const SEND_SLICE = 10

const DELIVERY_STATE = ['id', 'key', 'attempt', 'status', 'claimedAt', 'nextAttemptAt'] as const

/**
 * Whether a bot can send now. One that an adapter is still connecting (CONNECT, RECONNECT)
 * or that is offline cannot; a bot no adapter drives (the console sandbox) has no
 * connection to wait for and stays CONNECT for good, so it sends as it is.
 */
export function canSend(bot: Bot) {
  return bot.status === Universal.Status.ONLINE || (!bot.adapter && bot.status === Universal.Status.CONNECT)
}

/**
 * Sends what is due: every tick it plans today for each subscribed group, claims each due
 * slot by inserting (slot, attempt) under a unique index, sends, and records the outcome.
 * Slots missed during downtime are caught up within the window and recorded as missed
 * after it; failures are retried with backoff; a timeout or a crash mid-send is recorded
 * as unknown and never resent blindly. Reply-only groups get their pushes held and sent
 * as replies to the next message there.
 */
export class Dispatcher {
  readonly instance = Random.id(8)
  private running = false
  /** Subscriptions as last read, with the (count, last change) they were read at. */
  private subscriptions?: { signature: string; rows: Subscription[]; byChannel: Map<string, Subscription> }
  /** Today's slots already settled: they are skipped without asking the database again. */
  private settled = { date: '', keys: new Set<string>() }
  /** Today's slots for the subscriptions as last read, planned once. */
  private today?: DaySlots
  private todayLibrary?: Library
  /** The last past date whose open slots were closed. */
  private closedDay = ''
  /** Slots left alone because no bot could send yet: missed for that reason if it lasts. */
  private waitedForBot = new Set<string>()
  private renderer: Renderer
  readonly picks: TipPicks

  constructor(private ctx: Context, private config: Config) {
    this.renderer = new Renderer(ctx)
    this.picks = new TipPicks(ctx)
  }

  get planConfig(): PlanConfig {
    return {
      reminderOffsets: this.config.reminderOffsets,
      catchUpUntil: minutesOf(this.config.catchUpUntil),
      quiz: this.ctx.get('pufaQuiz')?.times,
    }
  }

  private get retry(): RetryPolicy {
    const { maxAttempts, baseDelay, maxDelay } = this.config.retry
    return { maxAttempts, baseDelayMs: baseDelay, maxDelayMs: maxDelay }
  }

  private get logger() {
    return this.ctx.logger('pufa-push')
  }

  /**
   * One pass; a pass still running (long pacing, a send not answered yet) makes the next
   * one a no-op. A pass ends when every send in it has settled, at most `sendTimeout`
   * after the last one started.
   */
  async tick(now = new Date()) {
    if (this.running) return
    this.running = true
    try {
      // Its many small writes queue behind any chat command's, not in front of them.
      await inBackground(this.ctx.database, () => this.run(now))
    } finally {
      this.running = false
    }
  }

  /**
   * All subscriptions, read again only when their count or last change moved: another
   * instance may have changed them, and one aggregate is far cheaper than 20,000 rows.
   */
  private async loadSubscriptions(): Promise<Subscription[]> {
    const signature = await subscriptionsSignature(this.ctx.database)
    if (this.subscriptions?.signature !== signature) {
      const rows = await readSubscriptions(this.ctx.database)
      const byChannel = new Map(rows.map(row => [`${row.platform}:${row.channelId}`, row]))
      this.subscriptions = { signature, rows, byChannel }
    }
    return this.subscriptions.rows
  }

  /**
   * What the log says of a date's slots: of the slots in `keys` (a normal minute asks
   * about a handful), else of the whole date.
   */
  private async dayState(date: LocalDate, now: Date, keys?: string[]): Promise<DayState> {
    const state = keys
      ? dayState(await readDeliveriesOf(this.ctx.database, date, keys))
      : await readDayState(this.ctx.database, date)
    await this.settleCrashedSends([...state.open.values()], now)
    return state
  }

  private async run(now: Date) {
    const yesterday = addDays(shanghaiDate(now), -1)
    if (this.closedDay !== yesterday) {
      // Once a day (and at start): what yesterday left open is closed in the log.
      await this.closeDay(yesterday, await this.loadSubscriptions(), now)
      this.closedDay = yesterday
    }
    const jobs = await this.due(now)
    const byPlatform = new Map<string, Job[]>()
    for (const job of jobs) {
      const list = byPlatform.get(job.sub.platform) ?? []
      list.push(job)
      byPlatform.set(job.sub.platform, list)
    }
    const date = shanghaiDate(now)
    await Promise.all([...byPlatform].map(([platform, list]) => this.sendAll(platform, list, date)))
  }

  /** Today's jobs to send now, claiming nothing; slots whose window ended are closed on the way. */
  async due(now: Date): Promise<Job[]> {
    const date = shanghaiDate(now)
    const subs = await this.loadSubscriptions()
    if (this.settled.date !== date) {
      this.settled = { date, keys: new Set() }
      this.waitedForBot.clear()
    }
    // The plan changes with the subscriptions, the content (reloaded) and the quiz's times
    // (the quiz is an optional dependency: reloading it does not restart this plugin).
    const library = this.ctx.pufaContent.library
    const signature = `${this.subscriptions!.signature}|${JSON.stringify(this.planConfig.quiz ?? null)}`
    if (this.today?.date !== date || this.today.signature !== signature || this.todayLibrary !== library) {
      this.today = await DaySlots.plan(library, date, this.planConfig, subs, signature)
      this.todayLibrary = library
    }
    const due = await this.today.due(now, this.settled.keys)
    if (!due.length) return []
    const state = await this.dayState(date, now, due.length <= KEYS_PER_READ ? due.map(candidate => candidate.key) : undefined)
    const live: Candidate[] = [], expired: Candidate[] = []
    for (let index = 0; index < due.length; index++) {
      if (index && index % DUE_SLICE === 0) await breathe()
      const candidate = due[index]
      if (state.settled.has(candidate.key)) this.settled.keys.add(candidate.key)
      else (now < candidate.slot.until ? live : expired).push(candidate)
    }
    await this.close(expired, state.open, date, this.settled.keys)
    const jobs: Job[] = []
    for (const candidate of live) {
      const job = this.schedule(candidate, state.open.get(candidate.key), now)
      if (job) jobs.push(job)
    }
    return jobs
  }

  /** The next attempt of a due slot not settled yet, if one is to be made now. */
  private schedule(candidate: Candidate, previous: DeliveryState | undefined, now: Date): Job | undefined {
    const attempt = this.nextAttempt(previous, now)
    if (!attempt) return
    if (candidate.sub.proactive === 'no') return { ...candidate, attempt, previous, via: { hold: true } }
    const bot = this.findBot(candidate.sub)
    if (!bot) {
      // Not connected yet (e.g. just after a restart): wait, spending no attempt.
      this.waitedForBot.add(candidate.key)
      return
    }
    return { ...candidate, attempt, previous, via: { bot } }
  }

  private nextAttempt(previous: DeliveryState | undefined, now: Date): number | undefined {
    if (!previous) return 1
    if (previous.status === 'failed' && previous.nextAttemptAt && previous.nextAttemptAt <= now) return previous.attempt + 1
    // Claimed but never started sending (the process died in between): safe to send.
    if (previous.status === 'claimed' && +previous.claimedAt + this.config.claimLease <= +now) return previous.attempt + 1
  }

  /** A send that never reported back (the process died mid-send) may have been delivered. */
  private async settleCrashedSends(rows: DeliveryState[], now: Date) {
    const limit = this.config.sendTimeout + this.config.claimLease
    for (const row of rows) {
      if (row.status !== 'sending' || +row.claimedAt + limit > +now) continue
      await this.ctx.database.set('pufa_delivery', { id: row.id, status: 'sending' }, { status: 'unknown', error: 'crashed', finishedAt: now })
    }
  }

  /** Every slot of a past date whose window has ended, closed in the delivery log. */
  private async closeDay(date: LocalDate, subs: Subscription[], now: Date) {
    const day = await DaySlots.plan(this.ctx.pufaContent.library, date, this.planConfig, subs, this.subscriptions!.signature)
    const expired = (await day.due(now, new Set())).filter(({ slot }) => slot.until <= now)
    if (!expired.length) return
    const state = await this.dayState(date, now)
    await this.close(expired.filter(({ key }) => !state.settled.has(key)), state.open, date, new Set())
  }

  /**
   * Slots whose catch-up window has ended: one never attempted gets a `missed` row, so the
   * log shows it; one held for a reply that never came becomes missed; a failed one
   * waiting for a retry gets no more. A clash means another instance closed it first.
   * `open` holds the latest attempt of each expired slot not settled yet.
   */
  private async close(expired: Candidate[], open: Map<string, DeliveryState>, date: LocalDate, settled: Set<string>) {
    const now = new Date()
    for (const { sub, slot, key } of expired) {
      const previous = open.get(key)
      try {
        if (!previous) {
          await this.insertAttempt({ sub, slot, key, attempt: 1 }, date, 'missed', {
            error: this.waitedForBot.has(key) ? 'bot-offline' : 'downtime',
            finishedAt: now,
          }).catch((error) => {
            if (!isUniqueClash(error)) throw error
          })
        } else if (previous.status === 'waiting') {
          await this.ctx.database.set('pufa_delivery', { id: previous.id, status: 'waiting' }, { status: 'missed', error: 'no-message', finishedAt: now })
        } else if (previous.status === 'failed' && previous.nextAttemptAt) {
          await this.ctx.database.set('pufa_delivery', { id: previous.id }, { nextAttemptAt: null! })
        } else {
          continue // claimed or sending: it settles on its own
        }
        settled.add(key)
      } catch (error) {
        this.logger.warn('closing %s: %s', key, shortError(describeError(error), STORED_ERROR_LENGTH))
      }
    }
  }

  /**
   * Sends one platform's jobs in turn, the platform's pacing apart. A send is never waited
   * for before starting the next: a group that does not answer holds up no other group,
   * and its send settles alongside (sent, or unknown at the send timeout).
   */
  private async sendAll(platform: string, jobs: Job[], date: LocalDate) {
    const sends: Promise<unknown>[] = []
    for (const [index, job] of jobs.entries()) {
      if (sends.length) await pause(this.ctx, this.config.pacing, platform)
      // The database answers synchronously, so claims, records and sends to a bot that
      // answers at once all run as one chain of microtasks: a turn of the event loop every
      // few jobs lets a chat message in after at most their writes.
      if (index && index % SEND_SLICE === 0) await breathe()
      if (!await this.claim(job, date)) continue
      sends.push(this.settle(job, date))
    }
    await Promise.all(sends)
  }

  /** Delivers a claimed job and records how it ended; never throws. */
  private async settle(job: Job, date: LocalDate): Promise<DeliveryStatus> {
    try {
      return await this.deliver(job, date)
    } catch (error) {
      const message = shortError(describeError(error), STORED_ERROR_LENGTH)
      this.logger.warn('%s: %s', job.key, message)
      return this.record(job, { status: 'failed', error: message }).catch(() => 'failed' as const)
    }
  }

  private insertAttempt(job: Pick<Job, 'sub' | 'slot' | 'key' | 'attempt'>, date: LocalDate, status: DeliveryStatus, fields: Partial<Delivery> = {}) {
    const { sub, slot, key, attempt } = job
    return this.ctx.database.create('pufa_delivery', {
      key,
      attempt,
      date,
      kind: slot.kind,
      item: slot.item,
      content: slot.item,
      platform: sub.platform,
      channelId: sub.channelId,
      status,
      instance: this.instance,
      claimedAt: new Date(),
      messageIds: [],
      error: '',
      ...fields,
    })
  }

  /**
   * Inserts (slot, attempt). A unique-key clash means another instance owns the attempt;
   * any other error (the database is down or locked) claims nothing, is logged, and the
   * slot comes up again on the next tick.
   */
  private async claim(job: Job, date: LocalDate): Promise<boolean> {
    try {
      await this.insertAttempt(job, date, 'claimed')
    } catch (error) {
      if (isUniqueClash(error)) return false
      this.logger.warn('cannot claim %s, will retry: %s', job.key, shortError(describeError(error), STORED_ERROR_LENGTH))
      return false
    }
    if (job.previous?.status === 'claimed') {
      await this.ctx.database.set('pufa_delivery', { id: job.previous.id, status: 'claimed' }, { status: 'abandoned' })
    }
    return true
  }

  private async compose(job: Job, date: LocalDate): Promise<{ content: string; text: string } | undefined> {
    const { slot, sub } = job
    if (slot.kind === 'tip' && slot.item === DAILY_TIP) {
      const pick = await this.picks.take(sub, date)
      return pick && { content: pick.tip.id, text: this.renderer.tip(pick.tip) }
    }
    if (slot.keyDate) return { content: slot.item, text: this.renderer.keyDate(slot.keyDate.item, slot.keyDate.occurrence) }
    if (slot.reminders) return { content: slot.item, text: this.renderer.reminder(slot.reminders) }
    if (slot.kind === 'quiz' || slot.kind === 'quiz-week') return this.ctx.get('pufaQuiz')?.compose(slot, date, sub)
  }

  /** A bot that can send to the group now: the one that subscribed it, else any on its platform. */
  findBot(sub: Pick<Subscription, 'platform' | 'selfId'>) {
    const ready = this.ctx.bots.filter(bot => bot.platform === sub.platform && canSend(bot))
    return ready.find(bot => bot.selfId === sub.selfId) ?? ready[0]
  }

  private async deliver(job: Job, date: LocalDate): Promise<DeliveryStatus> {
    const composed = await this.compose(job, date)
    if (!composed) return this.record(job, { status: 'failed', error: 'no-content' })
    const where = { key: job.key, attempt: job.attempt }
    if ('hold' in job.via) {
      await this.ctx.database.set('pufa_delivery', where, { content: composed.content })
      return this.record(job, { status: 'waiting', error: 'reply-only' })
    }
    await this.ctx.database.set('pufa_delivery', where, { status: 'sending', content: composed.content, claimedAt: new Date() })
    let cancel = () => {}
    const timeout = new Promise<typeof TIMEOUT>((resolve) => {
      cancel = this.ctx.setTimeout(() => resolve(TIMEOUT), this.config.sendTimeout)
    })
    const sending = 'reply' in job.via
      ? job.via.reply.send(composed.text)
      : (job.via as { bot: Bot }).bot.sendMessage(job.sub.channelId, composed.text, job.sub.guildId || undefined)
    const result = await Promise.race([sending.then(ids => ({ ids }), (error: unknown) => ({ error })), timeout])
    cancel()
    if (result === TIMEOUT) return this.record(job, { status: 'unknown', error: 'timeout' })
    if ('error' in result) {
      if ('bot' in job.via && isProactiveRefusal(result.error)) {
        await this.markProactive(job.sub, 'no')
        return this.record(job, { status: 'waiting', error: 'reply-only' })
      }
      return this.record(job, { status: 'failed', error: describeError(result.error) })
    }
    return this.record(job, { status: 'sent', messageIds: result.ids })
  }

  private async record(job: Job, outcome: Outcome): Promise<DeliveryStatus> {
    const now = new Date()
    const where = { key: job.key, attempt: job.attempt }
    if (outcome.status === 'sent') {
      await this.ctx.database.set('pufa_delivery', where, { status: 'sent', messageIds: outcome.messageIds, finishedAt: now })
      this.noteSettled(job.key, { status: 'sent', nextAttemptAt: null! })
      return 'sent'
    }
    const error = shortError(outcome.error, STORED_ERROR_LENGTH)
    const retryAt = outcome.status === 'failed' ? nextAttemptAt(this.retry, job.attempt, now) : undefined
    await this.ctx.database.set('pufa_delivery', where, {
      status: outcome.status,
      error,
      finishedAt: now,
      nextAttemptAt: retryAt ?? null!,
    })
    this.noteSettled(job.key, { status: outcome.status, nextAttemptAt: retryAt ?? null! })
    if (outcome.status !== 'waiting') this.logger.warn('%s → %s (%s)', job.key, outcome.status, error)
    return outcome.status
  }

  /**
   * A slot of today this instance settled: later ticks skip it without reading its rows
   * (the first tick after the day's sends would otherwise read them all back).
   */
  private noteSettled(key: string, row: Pick<Delivery, 'status' | 'nextAttemptAt'>) {
    if (isSettled(row) && key.startsWith(`${this.settled.date}|`)) this.settled.keys.add(key)
  }

  /** Records whether a group takes proactive posts; every instance reloads on the change. */
  async markProactive(sub: Pick<Subscription, 'platform' | 'channelId'>, proactive: Proactive) {
    const { platform, channelId } = sub
    await this.ctx.database.set('pufa_subscription', { platform, channelId }, { proactive, updatedAt: new Date() })
  }

  /**
   * A proactive post to learn whether the group accepts them (QQ groups may take replies
   * only). 'unknown' when the send failed for another reason or did not answer in time.
   */
  async probe(sub: Pick<Subscription, 'platform' | 'channelId' | 'guildId' | 'selfId'>, text: string): Promise<Proactive> {
    const bot = this.findBot(sub)
    if (!bot) return 'unknown'
    let cancel = () => {}
    const timeout = new Promise<typeof TIMEOUT>((resolve) => {
      cancel = this.ctx.setTimeout(() => resolve(TIMEOUT), this.config.sendTimeout)
    })
    const sending = bot.sendMessage(sub.channelId, text, sub.guildId || undefined)
    const result = await Promise.race([sending.then(() => 'yes' as const, (error: unknown) => ({ error })), timeout])
    cancel()
    if (result === 'yes') return 'yes'
    if (result === TIMEOUT) return 'unknown'
    if (isProactiveRefusal(result.error)) return 'no'
    this.logger.warn('probing %s:%s: %s', sub.platform, sub.channelId, shortError(describeError(result.error), STORED_ERROR_LENGTH))
    return 'unknown'
  }

  /** Today's slots of one group that a message there could carry, with their state. */
  private async groupSlots(sub: Subscription, now: Date) {
    const date = shanghaiDate(now)
    const rows = await this.ctx.database.get('pufa_delivery', { date, platform: sub.platform, channelId: sub.channelId }, [...DELIVERY_STATE]) as Delivery[]
    const latest = latestAttempts(rows)
    const slots = dayPlanner(this.ctx.pufaContent.library, date, this.planConfig)(sub).slots
    return { date, slots: slots.map(slot => ({ slot, key: slotKey(date, slot, sub), previous: latest.get(slotKey(date, slot, sub)) })) }
  }

  /**
   * Sends what a reply-only group has waiting, as replies to a message there. The reply
   * is a new attempt claimed like any other, so it goes out once even if two instances
   * see the message.
   */
  async replyHeld(session: Session, now = new Date()) {
    // Every message passes here: the subscriptions as the last tick read them will do.
    if (!this.subscriptions) await this.loadSubscriptions()
    const sub = this.subscriptions!.byChannel.get(`${session.platform}:${session.channelId}`)
    if (!sub || sub.proactive !== 'no') return
    const { date, slots } = await this.groupSlots(sub, now)
    const held = slots.filter(({ slot, previous }) => previous?.status === 'waiting' && now < slot.until)
    for (const { slot, key, previous } of held.slice(0, HELD_REPLIES_PER_MESSAGE)) {
      const job: Job = { sub, slot, key, attempt: previous!.attempt + 1, previous, via: { reply: session } }
      if (await this.claim(job, date)) await this.settle(job, date)
    }
  }

  /**
   * `推送 立即`: today's items for the session's group, sent now through the same claims
   * as the schedule, so the scheduled pass finds them done and sends nothing more.
   */
  async sendNow(session: Session, now = new Date()): Promise<NowReport> {
    const report: NowReport = { subscribed: false, sent: 0, failed: 0, waiting: 0, done: 0, busy: 0, outsideWindow: 0 }
    const [sub] = await this.ctx.database.get('pufa_subscription', { platform: session.platform, channelId: session.channelId! })
    if (!sub) return report
    report.subscribed = true
    const { date, slots } = await this.groupSlots(sub, now)
    const bot = this.findBot(sub) ?? session.bot
    for (const { slot, key, previous } of slots) {
      if (previous && isSettled(previous)) {
        report.done++
        continue
      }
      if (previous && previous.status !== 'failed' && previous.status !== 'waiting') {
        report.busy++
        continue
      }
      if (slot.kind.startsWith('quiz') && (now < slot.due || now >= slot.until)) {
        report.outsideWindow++
        continue
      }
      const via = sub.proactive === 'no' ? { reply: session } : { bot }
      const job: Job = { sub, slot, key, attempt: (previous?.attempt ?? 0) + 1, previous, via }
      if (!await this.claim(job, date)) {
        report.busy++
        continue
      }
      const status = await this.settle(job, date)
      if (status === 'sent') report.sent++
      else if (status === 'waiting') report.waiting++
      else report.failed++
    }
    return report
  }
}
