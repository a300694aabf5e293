import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Delivery, Subscription } from '../plugins/push/src/models'
import { dayState, DeliveryState, ID_SPAN, readDayState, readSubscriptions, subscriptionsSignature } from '../plugins/push/src/plain-rows'
import { at, createBot, TestBot } from './helpers/bot'

const DAY = '2026-12-04'
const KEYS = 4_500

/** One slot's attempts, by the pattern of its index. */
const PATTERNS: Partial<Delivery>[][] = [
  [{ status: 'sent' }],
  [{ status: 'failed', nextAttemptAt: at('2026-12-04 09:00') }, { status: 'sent' }],
  [{ status: 'failed', nextAttemptAt: at('2026-12-04 09:00') }],
  [{ status: 'claimed' }],
  [{ status: 'sending' }],
  [{ status: 'waiting' }],
  [{ status: 'missed' }],
  [{ status: 'failed', nextAttemptAt: null! }],
  [{ status: 'unknown' }],
  // A later attempt after a settled one (推送 立即 racing the window's close): the latest decides.
  [{ status: 'failed', nextAttemptAt: null! }, { status: 'failed', nextAttemptAt: at('2026-12-04 10:00') }],
]
const OPEN_PATTERNS = new Set([2, 3, 4, 5, 9])

let t: TestBot

function row(id: number, date: string, index: number, attempt: number, fields: Partial<Delivery>): Delivery {
  return {
    id,
    key: `${date}|tip|daily|mock|g${index}`,
    attempt,
    date,
    kind: 'tip',
    item: 'daily',
    content: 'tip-1',
    platform: 'mock',
    channelId: `g${index}`,
    status: 'sent',
    instance: 'other',
    claimedAt: at(`${date} 08:30`),
    finishedAt: at(`${date} 08:30`),
    nextAttemptAt: null!,
    messageIds: [],
    error: '',
    ...fields,
  }
}

beforeAll(async () => {
  t = await createBot({ push: { cron: '0 0 1 1 *' } })
  // First attempts of the day interleaved with another date's rows, then every second
  // attempt after them, so a slot's attempts fall in different spans of ids.
  const rows: Delivery[] = []
  for (let i = 0; i < KEYS; i++) {
    rows.push(row(rows.length + 1, DAY, i, 1, PATTERNS[i % PATTERNS.length][0]))
    rows.push(row(rows.length + 1, '2026-12-03', i, 1, { status: 'claimed' }))
  }
  for (let i = 0; i < KEYS; i++) {
    const second = PATTERNS[i % PATTERNS.length][1]
    if (second) rows.push(row(rows.length + 1, DAY, i, 2, second))
  }
  expect(rows.length).toBeGreaterThan(2 * ID_SPAN)
  for (let i = 0; i < rows.length; i += 1000) await t.app.database.upsert('pufa_delivery', rows.slice(i, i + 1000))
}, 120_000)

afterAll(() => t?.dispose())

describe('the state of a whole day of deliveries', () => {
  it('gives the settled slots by key and the latest attempt of each open one, as the rows read one by one do', async () => {
    const state = await readDayState(t.app.database, DAY)
    const rows = await t.app.database.get('pufa_delivery', { date: DAY }, ['id', 'key', 'attempt', 'status', 'claimedAt', 'nextAttemptAt']) as DeliveryState[]
    const expected = dayState(rows)

    const perPattern = (pattern: number) => Math.ceil((KEYS - pattern) / PATTERNS.length)
    const openCount = [...OPEN_PATTERNS].reduce((sum, pattern) => sum + perPattern(pattern), 0)
    expect(state.open.size).toBe(openCount)
    expect(state.settled.size).toBe(KEYS - openCount)
    expect([...state.settled].sort()).toEqual([...expected.settled].sort())
    expect(Object.fromEntries(state.open)).toEqual(Object.fromEntries(expected.open))

    // A retry waiting in an early span is not open once a later span holds its sent attempt.
    expect(state.settled.has(`${DAY}|tip|daily|mock|g1`)).toBe(true)
    expect(state.open.get(`${DAY}|tip|daily|mock|g2`)).toMatchObject({ attempt: 1, status: 'failed', nextAttemptAt: at('2026-12-04 09:00') })
    expect(state.settled.has(`${DAY}|tip|daily|mock|g9`)).toBe(false)
    expect(state.open.get(`${DAY}|tip|daily|mock|g9`)).toMatchObject({ attempt: 2, status: 'failed', nextAttemptAt: at('2026-12-04 10:00') })
  })

  it('is empty for a date with no deliveries', async () => {
    const state = await readDayState(t.app.database, '2026-12-05')
    expect(state.settled.size).toBe(0)
    expect(state.open.size).toBe(0)
  })
})

describe('every subscription, read in pages', () => {
  it('gives each group with its options as the ORM reads them, across pages, and a new signature after a change', async () => {
    const created = at('2026-12-01 10:00')
    const subs: Subscription[] = Array.from({ length: 4_500 }, (_, i) => ({
      platform: i % 3 ? 'mock' : 'qq', channelId: `c${i}`, guildId: i % 7 ? `c${i}` : '', selfId: '514',
      time: 8 * 60 + i % 60, tips: i % 2 === 0, dates: i % 3 === 0, reminders: i % 5 === 0, workdays: i % 4 === 0,
      quiz: i % 6 === 0, proactive: (['unknown', 'yes', 'no'] as const)[i % 3], createdBy: 'mock:admin',
      createdAt: created, updatedAt: new Date(+created + i),
    }))
    for (let i = 0; i < subs.length; i += 1000) await t.app.database.upsert('pufa_subscription', subs.slice(i, i + 1000))
    const before = await subscriptionsSignature(t.app.database)
    expect(before).toBe(`4500|${+created + 4499}`)

    const read = await readSubscriptions(t.app.database)
    const byKey = (list: Subscription[]) => Object.fromEntries(list.map(sub => [`${sub.platform}:${sub.channelId}`, sub]))
    expect(read).toHaveLength(subs.length)
    expect(byKey(read)).toEqual(byKey(await t.app.database.get('pufa_subscription', {})))
    expect(byKey(read)['mock:c4']).toEqual(subs[4])

    await t.app.database.set('pufa_subscription', { platform: 'mock', channelId: 'c1' }, { quiz: true, updatedAt: at('2026-12-02 09:00') })
    expect(await subscriptionsSignature(t.app.database)).toBe(`4500|${+at('2026-12-02 09:00')}`)
  })
})
