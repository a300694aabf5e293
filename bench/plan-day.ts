/**
 * What one scheduler pass costs, measured against the cheapest thing the bot does.
 *
 * One bot as deployed (Koishi App, the project's plugins and config/, a real temp SQLite
 * file, the mock platform), 5,000 subscribed groups and a bare `echo` command. Measured:
 *
 *   (a) echo  `echo hi` through the mock client: the floor of any chat round trip
 *             (session, middleware, command parsing, Koishi's user/channel lookups, reply).
 *   (b) due, cold   Dispatcher.due(now) at 2026-12-04 08:30 Asia/Shanghai (国家宪法日: a
 *             key-date item plus the daily tip, every group due) on a fresh dispatcher:
 *             the first tick after start-up or after a subscription changed: read all
 *             subscriptions and today's deliveries, plan each group.
 *   (c) due, warm   the same call on a dispatcher that has read the subscriptions before:
 *             what every later minute's tick costs while nothing has been sent yet.
 *   (d) plan  the day's planning alone over the same 5,000 rows, already in memory.
 *
 * Reading it: each ratio is how many echo round trips that step costs; (b) − (c) is
 * reading the 5,000 subscription rows (SQL and minato's row decoding).
 * All of it is synchronous CPU work on the one event loop, so (b) is also about how long
 * a chat command can wait behind a tick.
 *
 * The cases run interleaved, a few echoes, one due() and one plan per round, so background
 * load on a shared machine falls on all three alike. Medians and minima, in ms.
 *
 * Run: npm run bench
 */
import { performance } from 'node:perf_hooks'
import { dayPlanner } from '../src/delivery/plan'
import { shanghaiDate } from '../src/time/shanghai'
import { Dispatcher } from '../plugins/push/src/dispatcher'
import { Subscription } from '../plugins/push/src/models'
import { Case, median, runRound } from './timing'
import { at, createBot } from '../tests/helpers/bot'

const GROUPS = 5_000
const NOW = at('2026-12-04 08:30')
const WARMUP_ROUNDS = 2
const ROUNDS = 10


function subscription(i: number): Subscription {
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
    createdAt: new Date(),
    updatedAt: new Date(),
  }
}

async function main() {
  // No tick may send during the run. The cron expression fires only at 00:00 on 1 January.
  // The start-up catch-up tick on `ready` always runs, from the real clock, and would send
  // whatever is due earlier today; app.start() (inside createBot) awaits `ready` handlers,
  // so that tick has finished, with no subscriptions, when createBot returns, and the
  // groups are seeded only afterwards. Push times in the future would not do: the groups
  // must be due at 08:30 on the bench date, and the real clock may be past 08:30 today.
  // The outbox and the delivery table are checked at the end.
  const t = await createBot({ push: { cron: '0 0 1 1 *' } })
  try {
    t.app.command('echo <text:text>').action((_, text) => text)

    // One upsert through the ORM (the model's own encoding), in a transaction: without one
    // every row is committed to the file on its own and seeding takes about twice as long.
    const start = performance.now()
    const rows = Array.from({ length: GROUPS }, (_, i) => subscription(i))
    await t.app.database.withTransaction(async (db) => {
      await db.upsert('pufa_subscription', rows)
    })
    console.log(`seeded ${GROUPS} subscriptions in ${(performance.now() - start).toFixed(0)} ms (one upsert in a transaction)`)

    // The plugin's own dispatcher is not exposed; more on the plugin's context and config
    // run the same code (it is a plain class, and due() claims nothing).
    const fresh = () => new Dispatcher(t.pushFork.ctx, t.pushFork.config)
    const dispatcher = fresh()
    const library = t.app.pufaContent.library
    const date = shanghaiDate(NOW)
    const subs = await t.app.database.get('pufa_subscription', {})
    const jobs = await dispatcher.due(NOW)
    const groups = new Set(jobs.map(job => job.sub.channelId)).size
    console.log(`due(${date} 08:30): ${jobs.length} jobs for ${groups} of ${subs.length} groups`)
    if (groups !== GROUPS) throw new Error('every group should be due')

    const client = t.client('u1', 'bench')
    const [reply] = await client.receive('echo hi')
    if (reply !== 'hi') throw new Error(`echo replied ${JSON.stringify(reply)}`)

    const cases: Case[] = [
      { label: '(a) echo round trip', calls: 50, run: () => client.receive('echo hi'), times: [] },
      { label: `(b) due() cold, ${GROUPS} groups`, calls: 1, run: () => fresh().due(NOW), times: [] },
      { label: `(c) due() warm, ${GROUPS} groups`, calls: 1, run: () => dispatcher.due(NOW), times: [] },
      {
        label: `(d) planning only, ${GROUPS} groups`,
        calls: 1,
        run: () => {
          const plan = dayPlanner(library, date, dispatcher.planConfig)
          for (const sub of subs) plan(sub)
        },
        times: [],
      },
    ]
    for (let round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
      await runRound(cases, round >= 0)
    }

    const [echo, ...steps] = cases.map(c => ({ ...c, median: median(c.times), min: Math.min(...c.times) }))
    console.log()
    console.table(Object.fromEntries([echo, ...steps].map(c => [c.label, {
      runs: c.times.length,
      'median ms': +c.median.toFixed(2),
      'min ms': +c.min.toFixed(2),
      '× echo': +(c.median / echo.median).toFixed(1),
      'µs per group': c === echo ? '' : +(c.median * 1000 / GROUPS).toFixed(1),
    }])))
    console.log('× echo: median time as a multiple of the echo round trip measured in the same run.')

    const deliveries = await t.app.database.get('pufa_delivery', {})
    if (t.bot.outbox.length || deliveries.length) {
      throw new Error(`a tick sent during the benchmark: ${t.bot.outbox.length} messages, ${deliveries.length} delivery rows`)
    }
  } finally {
    await t.dispose()
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
