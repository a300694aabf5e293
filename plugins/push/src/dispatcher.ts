import { $, Context, Random, Universal } from 'koishi'
import { DAILY_TIP, dayPlanner, PlanConfig, PlannedSlot } from '../../../src/delivery/plan'
import { nextAttemptAt, RetryPolicy } from '../../../src/delivery/retry'
import { LocalDate } from '../../../src/time/local-date'
import { shanghaiDate } from '../../../src/time/shanghai'
import { Config, minutesOf } from './config'
import { Delivery, Subscription } from './models'
import { Renderer } from './render'
import { TipPicks } from './tip-picks'

interface Job {
  sub: Subscription
  slot: PlannedSlot
  key: string
  attempt: number
  /** The previous attempt, when this one retries or takes over. */
  previous?: Delivery
}

type Outcome = { status: 'sent'; messageIds: string[] } | { status: 'failed' | 'unknown'; error: string }

const TIMEOUT = Symbol('timeout')

/** States after which a slot needs nothing more (a failed one with no retry left included). */
function isSettled(row: Delivery) {
  return row.status === 'sent' || row.status === 'unknown' || (row.status === 'failed' && !row.nextAttemptAt)
}

const DELIVERY_STATE = ['id', 'key', 'attempt', 'status', 'claimedAt', 'nextAttemptAt'] as const

export function slotKey(date: LocalDate, slot: Pick<PlannedSlot, 'kind' | 'item'>, sub: Pick<Subscription, 'platform' | 'channelId'>) {
  return [date, slot.kind, slot.item, sub.platform, sub.channelId].join('|')
}

/** The latest attempt of each slot among delivery rows. */
export function latestAttempts(rows: Delivery[]) {
  const latest = new Map<string, Delivery>()
  for (const row of rows) {
    const current = latest.get(row.key)
    if (!current || row.attempt > current.attempt) latest.set(row.key, row)
  }
  return latest
}

/**
 * Sends what is due: every tick it plans today for each subscribed group, claims each due
 * slot by inserting (slot, attempt) under a unique index, sends, and records the outcome.
 * Slots missed during downtime are caught up within the window; failures are retried with
 * backoff; a timeout or a crash mid-send is recorded as unknown and never resent blindly.
 */
export class Dispatcher {
  readonly instance = Random.id(8)
  private running = false
  /** Subscriptions as last read, with the (count, last change) they were read at. */
  private subscriptions?: { signature: string; rows: Subscription[] }
  /** Today's slots already settled: they are skipped without asking the database again. */
  private settled = { date: '', keys: new Set<string>() }
  private renderer: Renderer
  readonly picks: TipPicks

  constructor(private ctx: Context, private config: Config) {
    this.renderer = new Renderer(ctx)
    this.picks = new TipPicks(ctx)
  }

  get planConfig(): PlanConfig {
    return { reminderOffsets: this.config.reminderOffsets, catchUpUntil: minutesOf(this.config.catchUpUntil) }
  }

  private get retry(): RetryPolicy {
    const { maxAttempts, baseDelay, maxDelay } = this.config.retry
    return { maxAttempts, baseDelayMs: baseDelay, maxDelayMs: maxDelay }
  }

  /** One pass; a pass still running (long pacing) makes the next one a no-op. */
  async tick(now = new Date()) {
    if (this.running) return
    this.running = true
    try {
      await this.run(now)
    } finally {
      this.running = false
    }
  }

  /**
   * All subscriptions, read again only when their count or last change moved: another
   * instance may have changed them, and two aggregates are far cheaper than 5,000 rows.
   */
  private async loadSubscriptions(): Promise<Subscription[]> {
    const [count, latest] = await Promise.all([
      this.ctx.database.eval('pufa_subscription', row => $.length(row.channelId)),
      this.ctx.database.eval('pufa_subscription', row => $.max(row.updatedAt)),
    ])
    const signature = `${count}|${+new Date(latest ?? 0)}`
    if (this.subscriptions?.signature !== signature) {
      this.subscriptions = { signature, rows: await this.ctx.database.get('pufa_subscription', {}) }
    }
    return this.subscriptions.rows
  }

  /** Today's due jobs, without claiming anything. */
  async due(now: Date): Promise<Job[]> {
    const date = shanghaiDate(now)
    if (this.settled.date !== date) this.settled = { date, keys: new Set() }
    const plan = dayPlanner(this.ctx.pufaContent.library, date, this.planConfig)
    const candidates: Omit<Job, 'attempt'>[] = []
    for (const sub of await this.loadSubscriptions()) {
      for (const slot of plan(sub).slots) {
        // A group subscribed after today's push time starts tomorrow, not with a backlog.
        if (now < slot.due || now >= slot.until || slot.due < sub.createdAt) continue
        const key = slotKey(date, slot, sub)
        if (!this.settled.keys.has(key)) candidates.push({ sub, slot, key })
      }
    }
    if (!candidates.length) return []
    const rows = await this.ctx.database.get('pufa_delivery', { date }, [...DELIVERY_STATE]) as Delivery[]
    const latest = latestAttempts(rows)
    await this.settleCrashedSends([...latest.values()], now)
    const jobs: Job[] = []
    for (const candidate of candidates) {
      const previous = latest.get(candidate.key)
      if (previous && isSettled(previous)) {
        this.settled.keys.add(candidate.key)
        continue
      }
      const attempt = this.nextAttempt(previous, now)
      if (attempt) jobs.push({ ...candidate, attempt, previous })
    }
    return jobs
  }

  private nextAttempt(previous: Delivery | undefined, now: Date): number | undefined {
    if (!previous) return 1
    if (previous.status === 'failed' && previous.nextAttemptAt && previous.nextAttemptAt <= now) return previous.attempt + 1
    // Claimed but never started sending (the process died in between): safe to send.
    if (previous.status === 'claimed' && +previous.claimedAt + this.config.claimLease <= +now) return previous.attempt + 1
  }

  /** A send that never reported back (the process died mid-send) may have been delivered. */
  private async settleCrashedSends(rows: Delivery[], now: Date) {
    const limit = this.config.sendTimeout + this.config.claimLease
    for (const row of rows) {
      if (row.status !== 'sending' || +row.claimedAt + limit > +now) continue
      await this.ctx.database.set('pufa_delivery', { id: row.id, status: 'sending' }, { status: 'unknown', error: 'crashed', finishedAt: now })
    }
  }

  private async run(now: Date) {
    const jobs = await this.due(now)
    const byPlatform = new Map<string, Job[]>()
    for (const job of jobs) {
      const list = byPlatform.get(job.sub.platform) ?? []
      list.push(job)
      byPlatform.set(job.sub.platform, list)
    }
    await Promise.all([...byPlatform].map(([platform, list]) => this.sendAll(platform, list, shanghaiDate(now))))
  }

  /** Sends one platform's jobs one at a time with its pacing; one failure never stops the rest. */
  private async sendAll(platform: string, jobs: Job[], date: LocalDate) {
    let sentAny = false
    for (const job of jobs) {
      if (sentAny) await this.pause(platform)
      if (!await this.claim(job, date)) continue
      sentAny = true
      try {
        await this.deliver(job, date)
      } catch (error) {
        this.ctx.logger('pufa-push').warn(error)
        await this.record(job, { status: 'failed', error: (error as Error).message })
      }
    }
  }

  private pause(platform: string) {
    const pacing = this.config.pacing[platform.split(':')[0]] ?? { min: 0, max: 0 }
    const delay = pacing.min + Math.random() * Math.max(0, pacing.max - pacing.min)
    if (delay <= 0) return
    return new Promise<void>(resolve => this.ctx.setTimeout(resolve, delay))
  }

  private async claim(job: Job, date: LocalDate): Promise<boolean> {
    const { sub, slot, key, attempt, previous } = job
    try {
      await this.ctx.database.create('pufa_delivery', {
        key,
        attempt,
        date,
        kind: slot.kind,
        item: slot.item,
        content: slot.item,
        platform: sub.platform,
        channelId: sub.channelId,
        status: 'claimed',
        instance: this.instance,
        claimedAt: new Date(),
        messageIds: [],
        error: '',
      })
    } catch {
      return false // another instance owns this attempt
    }
    if (previous?.status === 'claimed') {
      await this.ctx.database.set('pufa_delivery', { id: previous.id, status: 'claimed' }, { status: 'abandoned' })
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
  }

  private findBot(sub: Subscription) {
    const online = this.ctx.bots.filter(bot => bot.platform === sub.platform && bot.status === Universal.Status.ONLINE)
    return online.find(bot => bot.selfId === sub.selfId) ?? online[0]
  }

  private async deliver(job: Job, date: LocalDate) {
    const composed = await this.compose(job, date)
    if (!composed) return this.record(job, { status: 'failed', error: 'no-content' })
    const where = { key: job.key, attempt: job.attempt }
    await this.ctx.database.set('pufa_delivery', where, { status: 'sending', content: composed.content, claimedAt: new Date() })
    const bot = this.findBot(job.sub)
    if (!bot) return this.record(job, { status: 'failed', error: 'bot-offline' })
    let cancel = () => {}
    const timeout = new Promise<typeof TIMEOUT>((resolve) => {
      cancel = this.ctx.setTimeout(() => resolve(TIMEOUT), this.config.sendTimeout)
    })
    const sending = bot.sendMessage(job.sub.channelId, composed.text, job.sub.guildId || undefined)
    const result = await Promise.race([sending.then(ids => ({ ids }), (error: Error) => ({ error })), timeout])
    cancel()
    if (result === TIMEOUT) return this.record(job, { status: 'unknown', error: 'timeout' })
    if ('error' in result) return this.record(job, { status: 'failed', error: result.error?.message || String(result.error) })
    await this.record(job, { status: 'sent', messageIds: result.ids })
  }

  private async record(job: Job, outcome: Outcome) {
    const now = new Date()
    const where = { key: job.key, attempt: job.attempt }
    if (outcome.status === 'sent') {
      await this.ctx.database.set('pufa_delivery', where, { status: 'sent', messageIds: outcome.messageIds, finishedAt: now })
      return
    }
    const retryAt = outcome.status === 'failed' ? nextAttemptAt(this.retry, job.attempt, now) : undefined
    await this.ctx.database.set('pufa_delivery', where, {
      status: outcome.status,
      error: outcome.error,
      finishedAt: now,
      nextAttemptAt: retryAt ?? null!,
    })
    this.ctx.logger('pufa-push').warn('%s → %s (%s)', job.key, outcome.status, outcome.error)
  }
}
