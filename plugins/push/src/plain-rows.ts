import { Context } from 'koishi'
import { plainRows } from '../../database-sqlite/src/driver'
import { Delivery, Proactive, Subscription } from './models'

type Database = Context['database']

/**
 * The tick's bulk reads, as plain rows through the driver: decoding thousands of rows field
 * by field through the ORM (and Koishi's per-field service proxies) cost the tick about
 * 90% of its time, SQLite itself about 1%. Columns are decoded here, by type, the few
 * the scheduler uses.
 */

/** Rows read per statement: between pages the event loop serves chat. */
export const PAGE = 500

/**
 * Lets the event loop serve what arrived (a chat message) before more work of a tick.
 * The global setImmediate on purpose: a test that fakes the timers runs these turns as it
 * advances the clock, so a tick it triggers has finished when the clock has moved.
 */
export const breathe = () => new Promise<void>(resolve => setImmediate(resolve))

const date = (value: unknown) => value === null || value === undefined ? null! : new Date(Number(value))

interface SubscriptionRow {
  platform: string
  channelId: string
  guildId: string
  selfId: string
  time: number
  tips: number
  dates: number
  reminders: number
  workdays: number
  quiz: number
  proactive: Proactive
  createdBy: string
  createdAt: number
  updatedAt: number
}

/** Every subscription, a page at a time by primary key. */
export async function readSubscriptions(db: Database): Promise<Subscription[]> {
  const subs: Subscription[] = []
  let after = ['', '']
  for (;;) {
    const rows = await plainRows<SubscriptionRow>(db, 'SELECT * FROM `pufa_subscription` WHERE (`platform`, `channelId`) > (?, ?) '
      + 'ORDER BY `platform`, `channelId` LIMIT ?', [...after, PAGE])
    for (const row of rows) {
      subs.push({
        ...row,
        tips: !!row.tips,
        dates: !!row.dates,
        reminders: !!row.reminders,
        workdays: !!row.workdays,
        quiz: !!row.quiz,
        createdAt: date(row.createdAt),
        updatedAt: date(row.updatedAt),
      })
    }
    if (rows.length < PAGE) return subs
    after = [rows[rows.length - 1].platform, rows[rows.length - 1].channelId]
    await breathe()
  }
}

/** What the scheduler needs of an attempt to decide the next. */
export type DeliveryState = Pick<Delivery, 'id' | 'key' | 'attempt' | 'status' | 'claimedAt' | 'nextAttemptAt'>

const STATE = 'SELECT `id`, `key`, `attempt`, `status`, `claimedAt`, `nextAttemptAt` FROM `pufa_delivery`'

const state = (row: DeliveryState) => ({ ...row, claimedAt: date(row.claimedAt), nextAttemptAt: date(row.nextAttemptAt) })

/** Every attempt of a date, a page at a time by id. */
export async function readDeliveries(db: Database, day: string): Promise<DeliveryState[]> {
  const all: DeliveryState[] = []
  let after = 0
  for (;;) {
    const rows = await plainRows<DeliveryState>(db, `${STATE} WHERE \`date\` = ? AND \`id\` > ? ORDER BY \`id\` LIMIT ?`, [day, after, PAGE])
    for (const row of rows) all.push(state(row))
    if (rows.length < PAGE) return all
    after = rows[rows.length - 1].id
    await breathe()
  }
}

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
