import { Context } from 'koishi'
import { columnList, jsonTuples, plainRows } from '../../database-sqlite/src/driver'
import { Delivery, Proactive, Subscription } from './models'

type Database = Context['database']

/**
 * The tick's bulk reads, as plain rows through the driver: decoding thousands of rows field
 * by field through the ORM (and Koishi's per-field service proxies) cost the tick about
 * 90% of its time, SQLite itself about 1%. Columns are decoded here, by type, the few
 * the scheduler uses.
 */

/**
 * Lets the event loop serve what arrived (a chat message) before more work of a tick.
 * The global setImmediate on purpose: a test that fakes the timers runs these turns as it
 * advances the clock, so a tick it triggers has finished when the clock has moved.
 */
export const breathe = () => new Promise<void>(resolve => setImmediate(resolve))

const date = (value: unknown) => value === null || value === undefined ? null! : new Date(Number(value))

/** A subscription as its page holds it, in the order of `SUBSCRIPTION_COLUMNS`. */
type SubscriptionTuple = [
  rowid: number, platform: string, channelId: string, guildId: string, selfId: string, time: number,
  tips: number, dates: number, reminders: number, workdays: number, quiz: number,
  proactive: Proactive, createdBy: string, createdAt: number, updatedAt: number,
]

const SUBSCRIPTION_FIELDS = ['platform', 'channelId', 'guildId', 'selfId', 'time', 'tips', 'dates', 'reminders',
  'workdays', 'quiz', 'proactive', 'createdBy', 'createdAt', 'updatedAt']
const SUBSCRIPTION_COLUMNS = ['rid', ...SUBSCRIPTION_FIELDS]

/** Subscriptions per statement: a few milliseconds each, chat is served between them. */
const SUBSCRIPTION_PAGE = 2000

/**
 * Every subscription, a page at a time in the order they were made, each page one JSON
 * text: decoding 20,000 rows column by column through the driver cost a restart more than
 * all the rest of its work.
 */
export async function readSubscriptions(db: Database): Promise<Subscription[]> {
  const subs: Subscription[] = []
  let after = 0
  for (;;) {
    const page = await jsonTuples<SubscriptionTuple>(db, SUBSCRIPTION_COLUMNS, `SELECT \`rowid\` AS \`rid\`, ${columnList(SUBSCRIPTION_FIELDS)} `
      + 'FROM `pufa_subscription` WHERE `rowid` > ? ORDER BY `rowid` LIMIT ?', [after, SUBSCRIPTION_PAGE])
    for (const row of page) {
      const [rowid, platform, channelId, guildId, selfId, time, tips, dates, reminders, workdays, quiz, proactive, createdBy, createdAt, updatedAt] = row
      subs.push({
        platform, channelId, guildId, selfId, time, proactive, createdBy,
        tips: !!tips, dates: !!dates, reminders: !!reminders, workdays: !!workdays, quiz: !!quiz,
        createdAt: date(createdAt), updatedAt: date(updatedAt),
      })
      after = Math.max(after, rowid)
    }
    if (page.length < SUBSCRIPTION_PAGE) return subs
    await breathe()
  }
}

/**
 * What tells a scheduler the subscriptions changed: their count and latest change, in one
 * statement (through the ORM these were two, each over a copy of the table).
 */
export async function subscriptionsSignature(db: Database): Promise<string> {
  const [{ count, latest }] = await plainRows<{ count: number; latest: number | null }>(db,
    'SELECT count(*) AS `count`, max(`updatedAt`) AS `latest` FROM `pufa_subscription`')
  return `${count}|${latest ?? 0}`
}

/** What the scheduler needs of an attempt to decide the next. */
export type DeliveryState = Pick<Delivery, 'id' | 'key' | 'attempt' | 'status' | 'claimedAt' | 'nextAttemptAt'>

const STATE = 'SELECT `id`, `key`, `attempt`, `status`, `claimedAt`, `nextAttemptAt` FROM `pufa_delivery`'

const state = (row: DeliveryState) => ({ ...row, claimedAt: date(row.claimedAt), nextAttemptAt: date(row.nextAttemptAt) })

/**
 * States after which a slot needs nothing more (a failed one with no retry left included),
 * said of its latest attempt: a later one can follow a settled one (推送 立即 racing the
 * window's close, another instance's clock).
 */
export function isSettled(row: Pick<Delivery, 'status' | 'nextAttemptAt'>) {
  return row.status === 'sent' || row.status === 'unknown' || row.status === 'missed'
    || (row.status === 'failed' && !row.nextAttemptAt)
}

/** `isSettled` as SQL, over the stored columns (a timestamp without a value is NULL). */
const SETTLED = "(`status` IN ('sent', 'unknown', 'missed') OR (`status` = 'failed' AND `nextAttemptAt` IS NULL))"

/** What the delivery log says of a date's slots: which are settled, and the latest attempt of each other one. */
export interface DayState {
  settled: Set<string>
  open: Map<string, DeliveryState>
}

/** The day state of some slots, from all their attempts. */
export function dayState(rows: DeliveryState[]): DayState {
  const state: DayState = { settled: new Set(), open: new Map() }
  for (const [key, row] of latestAttempts(rows)) {
    if (isSettled(row)) state.settled.add(key)
    else state.open.set(key, row)
  }
  return state
}

/** The latest attempt of each slot among delivery rows. */
export function latestAttempts<T extends Pick<Delivery, 'key' | 'attempt'>>(rows: T[]) {
  const latest = new Map<string, T>()
  for (const row of rows) {
    const current = latest.get(row.key)
    if (!current || row.attempt > current.attempt) latest.set(row.key, row)
  }
  return latest
}

/** Ids of a date's rows looked at per statement: each is a few milliseconds of SQLite, chat is served between them. */
export const ID_SPAN = 2000

/**
 * The state of every slot of a date. Nearly all rows of a past minute are settled, and a
 * settled slot needs only its key and attempt: SQLite gathers the span's settled ones into
 * one JSON array and its other attempts into another, so a day of 40,000 sends costs some
 * twenty statements instead of 40,000 decoded rows.
 */
export async function readDayState(db: Database, day: string): Promise<DayState> {
  const [{ low, high }] = await plainRows<{ low: number | null; high: number | null }>(db,
    'SELECT (SELECT min(`id`) FROM `pufa_delivery` WHERE `date` = ?) AS `low`, (SELECT max(`id`) FROM `pufa_delivery` WHERE `date` = ?) AS `high`',
    [day, day])
  // The settled attempts as two lists in step (a flat array parses far faster than pairs).
  const settledKeys: string[] = [], settledAttempts: number[] = []
  const rows: DeliveryState[] = []
  for (let from = low ?? 1; low !== null && from <= high!; from += ID_SPAN) {
    if (from > low) await breathe()
    const [span] = await plainRows<{ keys: string; attempts: string; open: string }>(db, 'SELECT '
      + `json_group_array(\`key\`) FILTER (WHERE ${SETTLED}) AS \`keys\`, `
      + `json_group_array(\`attempt\`) FILTER (WHERE ${SETTLED}) AS \`attempts\`, `
      + 'json_group_array(json_array(`id`, `key`, `attempt`, `status`, `claimedAt`, `nextAttemptAt`)) '
      + `FILTER (WHERE NOT ${SETTLED}) AS \`open\` `
      + 'FROM `pufa_delivery` WHERE `date` = ? AND `id` >= ? AND `id` < ?', [day, from, from + ID_SPAN])
    for (const key of JSON.parse(span.keys) as string[]) settledKeys.push(key)
    for (const attempt of JSON.parse(span.attempts) as number[]) settledAttempts.push(attempt)
    for (const [id, key, attempt, status, claimedAt, nextAttemptAt] of JSON.parse(span.open) as OpenRow[]) {
      rows.push({ id, key, attempt, status, claimedAt: date(claimedAt), nextAttemptAt: date(nextAttemptAt) })
    }
  }
  const open = latestAttempts(rows)
  const settled = new Set(settledKeys)
  if (!open.size) return { settled, open }
  // A slot with attempts of both kinds is what its latest attempt says, as everywhere else.
  const latestSettled = new Map<string, number>()
  for (let i = 0; i < settledKeys.length; i++) {
    if (open.has(settledKeys[i])) latestSettled.set(settledKeys[i], Math.max(settledAttempts[i], latestSettled.get(settledKeys[i]) ?? 0))
  }
  for (const [key, attempt] of latestSettled) {
    if (open.get(key)!.attempt > attempt) settled.delete(key)
    else open.delete(key)
  }
  return { settled, open }
}

/** An attempt not settled, as the span's JSON array holds it (timestamps as epoch milliseconds). */
type OpenRow = [number, string, number, DeliveryState['status'], number, number | null]

/** The attempts of some slots of a date, by key (a few hundred keys per statement). */
export async function readDeliveriesOf(db: Database, day: string, keys: string[]): Promise<DeliveryState[]> {
  const all: DeliveryState[] = []
  for (let i = 0; i < keys.length; i += KEYS_PER_READ) {
    const batch = keys.slice(i, i + KEYS_PER_READ)
    const rows = await plainRows<DeliveryState>(db, `${STATE} WHERE \`date\` = ? AND \`key\` IN (${batch.map(() => '?').join(', ')})`, [day, ...batch])
    for (const row of rows) all.push(state(row))
  }
  return all
}

/** Keys named in one statement; the WASM SQLite fails on IN lists of thousands. */
export const KEYS_PER_READ = 500
