/**
 * What the push scheduler's tick costs at 1,000, 5,000 and 20,000 subscribed groups, as
 * multiples of the cheapest chat round trip measured in the same run.
 *
 * One bot as deployed per size (Koishi App, the project's plugins and config/, a real temp
 * SQLite file, the mock platform whose bot records every send), the push cron set to
 * 00:00 on 1 January so only the ticks called here run, and a bare `echo` command. Groups
 * push between 08:00 and 08:30; the day is 2026-12-04 (国家宪法日: a key-date item and the
 * daily tip for every group). The day before is already sent: its delivery rows are
 * written raw, one `sent` attempt per slot, as the previous day's ticks would have left
 * them. Each tick is the whole pass (plan, claim, send through the mock bot, record):
 *
 *   (a) echo          `echo hi` round trip, measured between the other steps: the floor.
 *   (b) quiet minute  tick at 07:30, nothing due yet, the instance warm: any minute before
 *                     the pushes (repeated).
 *   (c) send tick     tick at 08:31: every group's two pushes claimed, sent and recorded
 *                     (once; per delivery in the last column). Up to BENCH_SEND_LIMIT
 *                     groups (default 1,000); above, the day's sends are written raw as
 *                     for the day before, and (d) is then an instance that did not send them.
 *   (d) first after   tick at 08:32 on the same instance: the first tick after the day's sends.
 *   (e) after, later  tick at 10:00, the same instance: every later minute of the day (repeated).
 *   (f) restart       a new instance's first tick at 10:00: reads the subscriptions, closes
 *                     the day before (all settled), finds today's all sent (repeated).
 *   (g) chat during   echo round trips sent while the send tick (c) and one more restart run:
 *                     the longest and the median wait beyond one echo, as multiples of (a).
 *
 * Checked: each group got exactly its two messages, one attempt row per slot, and no
 * tick after (c) sent anything.
 *
 * Run: npm run bench:push   (BENCH_GROUPS=1000,5000 for a quicker trial)
 */
import { performance } from 'node:perf_hooks'
import { setImmediate } from 'node:timers/promises'
import { shanghaiDate } from '../src/time/shanghai'
import { addDays } from '../src/time/local-date'
import { DaySlots } from '../plugins/push/src/day-slots'
import { Dispatcher } from '../plugins/push/src/dispatcher'
import { Subscription } from '../plugins/push/src/models'
import { at, createBot } from '../tests/helpers/bot'
import { Driver } from './seed'
import { median } from './timing'

const SIZES = (process.env.BENCH_GROUPS ?? '1000,5000,20000').split(',').map(Number)
const DAY = '2026-12-04'
const REPEAT = 5
const ECHOES = 20
/**
 * Up to this many groups the day's sends go through the send tick; above it they are
 * written raw (BENCH_SEND_LIMIT=…): each send is a few single-row commits to the file.
 */
const SEND_LIMIT = Number(process.env.BENCH_SEND_LIMIT ?? 1000)

function subscription(i: number, createdAt: Date): Subscription {
  // Push times 08:00–08:30, a mix of the options groups choose.
  return {
    platform: 'mock',
    channelId: `g${i}`,
    guildId: `g${i}`,
    selfId: '514',
    time: 8 * 60 + (i % 31),
    tips: true,
    dates: true,
    reminders: i % 2 === 0,
    workdays: i % 5 === 0,
    quiz: false,
    proactive: 'unknown',
    createdBy: 'mock:admin',
    createdAt,
    updatedAt: createdAt,
  }
}

const ms = (value: number) => +value.toFixed(value < 10 ? 2 : 1)

async function measure(groups: number) {
  const t = await createBot({ push: { cron: '0 0 1 1 *' } })
  try {
    t.app.command('echo <text:text>').action((_, text) => text)
    const client = t.client('u1', 'bench')
    const echoes: number[] = []
    const echo = async () => {
      const begin = performance.now()
      const [reply] = await client.receive('echo hi')
      if (reply !== 'hi') throw new Error(`echo replied ${JSON.stringify(reply)}`)
      return performance.now() - begin
    }
    const floor = async () => {
      for (let i = 0; i < ECHOES; i++) echoes.push(await echo())
    }

    const yesterday = addDays(DAY, -1)
    const rows = Array.from({ length: groups }, (_, i) => subscription(i, at(`${yesterday} 00:00`)))
    await t.app.database.withTransaction(async (db) => {
      await db.upsert('pufa_subscription', rows)
    })
    const fresh = () => new Dispatcher(t.pushFork.ctx, t.pushFork.config)
    const driver = t.app.database.drivers[0] as unknown as Driver
    /** A day's sends as its ticks leave them, written raw: one `sent` attempt per slot. */
    const seedSent = async (date: string) => {
      const day = await DaySlots.plan(t.app.pufaContent.library, date, fresh().planConfig, rows, '')
      driver.db.run('BEGIN TRANSACTION')
      const insert = driver.db.prepare('INSERT INTO pufa_delivery (key, attempt, date, kind, item, content, platform, channelId, status, instance, claimedAt, finishedAt, messageIds, error) '
        + "VALUES (?, 1, ?, ?, ?, ?, 'mock', ?, 'sent', 'seed', ?, ?, '[]', '')")
      for (const { key, slot, sub } of await day.due(at(`${addDays(date, 1)} 00:00`), new Set())) {
        insert.run([key, date, slot.kind, slot.item, slot.item, sub.channelId, +slot.due, +slot.due])
      }
      insert.free()
      driver.db.run('COMMIT')
    }
    await seedSent(yesterday)

    const instance = fresh()
    // Close the day before and plan today, once, as the instance's start-up tick did.
    await instance.tick(at(`${DAY} 07:00`))
    await floor()

    const timed = async (run: () => Promise<unknown>) => {
      const begin = performance.now()
      await run()
      return performance.now() - begin
    }
    const quiet: number[] = [], later: number[] = [], restart: number[] = []
    for (let i = 0; i < REPEAT; i++) {
      quiet.push(await timed(() => instance.tick(at(`${DAY} 07:30`))))
      await floor()
    }
    if (t.bot.outbox.length) throw new Error('a tick sent before the push time')

    /** Times a tick while echoes are sent all through it; the echoes' round trips go to `during`. */
    const withChat = async (during: number[], run: () => Promise<unknown>) => {
      let ticking = true
      const chat = (async () => {
        while (ticking) {
          during.push(await echo())
          await setImmediate()
        }
      })()
      const elapsed = await timed(run)
      ticking = false
      await chat
      return elapsed
    }
    const expected = groups * 2
    const sendsReal = groups <= SEND_LIMIT
    const duringSend: number[] = []
    let send: number | undefined
    if (sendsReal) {
      send = await withChat(duringSend, () => instance.tick(at(`${DAY} 08:31`)))
      if (t.bot.outbox.length !== expected) throw new Error(`the send tick sent ${t.bot.outbox.length} messages, expected ${expected}`)
    } else {
      await seedSent(DAY)
    }
    const sent = t.bot.outbox.length
    await floor()

    const first = await timed(() => instance.tick(at(`${DAY} 08:32`)))
    await floor()
    for (let i = 0; i < REPEAT; i++) {
      later.push(await timed(() => instance.tick(at(`${DAY} 10:00`))))
      await floor()
    }
    for (let i = 0; i < REPEAT; i++) {
      restart.push(await timed(() => fresh().tick(at(`${DAY} 10:00`))))
      await floor()
    }
    // Once more with chat all through it: the echoes take turns with the tick, so this
    // restart is not timed, only the echoes' waits.
    const duringRestart: number[] = []
    await withChat(duringRestart, () => fresh().tick(at(`${DAY} 10:00`)))
    await floor()
    if (t.bot.outbox.length !== sent) throw new Error(`ticks after the sends sent ${t.bot.outbox.length - sent} more messages`)
    if (sendsReal) {
      const perGroup = new Map<string, number>()
      for (const { channelId } of t.bot.outbox) perGroup.set(channelId, (perGroup.get(channelId) ?? 0) + 1)
      if (perGroup.size !== groups || [...perGroup.values()].some(n => n !== 2)) throw new Error('a group did not get exactly its two messages')
    }
    const attempts = driver.db.exec(`SELECT count(*), count(DISTINCT key), max(attempt) FROM pufa_delivery WHERE date = '${DAY}'`)[0].values[0]
    if (attempts[0] !== expected || attempts[1] !== expected || attempts[2] !== 1) throw new Error(`delivery rows ${attempts.join(', ')}, expected ${expected} single attempts`)

    const e = median(echoes)
    const row = (label: string, times: number[], target: string, per?: number) => ({
      step: label,
      runs: times.length,
      'median ms': ms(median(times)),
      '× echo': +(median(times) / e).toFixed(2),
      target,
      ...per && { 'ms per delivery': +(median(times) / per).toFixed(2) },
    })
    /** An echo sent during a tick: the wait is its round trip beyond one echo. */
    const waits = (label: string, during: number[]) => during.length ? [{
      step: `(g) echo during ${label}: longest wait`,
      runs: during.length,
      'median ms': ms(Math.max(...during) - e),
      '× echo': +((Math.max(...during) - e) / e).toFixed(2),
      target: '≤ 1×',
    }, {
      step: `(g) echo during ${label}: median wait`,
      runs: during.length,
      'median ms': ms(Math.max(0, median(during) - e)),
      '× echo': +(Math.max(0, median(during) - e) / e).toFixed(2),
      target: '',
    }] : []
    console.log(`\n════ ${groups.toLocaleString('en-US')} groups, ${expected.toLocaleString('en-US')} deliveries on ${DAY}; echo median ${ms(e)} ms over ${echoes.length} round trips`)
    if (!sendsReal) console.log(`the day's sends were written raw (over ${SEND_LIMIT} groups the send tick takes too long here): (d) is an instance that did not send them itself`)
    console.table([
      row('(b) quiet minute, 07:30', quiet, '≤ 1×'),
      ...send === undefined ? [] : [row('(c) send tick, 08:31', [send], '', expected)],
      row('(d) first tick after the sends, 08:32', [first], '≤ 2×'),
      row('(e) later minute, 10:00', later, '≤ 1×'),
      row('(f) restart after the sends, 10:00', restart, '≤ 5×'),
      ...waits('the send tick (c)', duringSend),
      ...waits('the restarts (f)', duringRestart),
    ])
  } finally {
    await t.dispose()
  }
}

async function main() {
  console.log(`push ticks on ${DAY}, real clock today ${shanghaiDate(new Date())} (ticks are given their time)`)
  for (const groups of SIZES) await measure(groups)
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
