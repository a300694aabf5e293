/**
 * What an officer's `报送` costs, measured against the cheapest thing the bot does.
 *
 * One bot as deployed (Koishi App, the project's plugins and config/, a real temp SQLite
 * file, the mock platform), one officer bound to 城关镇, and a bare `echo` command. Measured,
 * each as a full chat round trip through the mock client (message in, reply out):
 *
 *   (a) echo      `echo hi`: the floor of any round trip (session, middleware, command
 *                 parsing, Koishi's user/channel lookups and updates, reply).
 *   (b) one line  `报送 <title> -d … -l … -p 300 -m 500 -t 宪法 -k 讲座` answered by its
 *                 receipt `已登记 #N` (parsed and checked): role lookup, option parsing and
 *                 validation, the duplicate check, the report and its audit entry written in
 *                 one transaction to the file, the receipt.
 *   (c) refused   the same line with `-p 1000001`: everything in (b) up to validation, no write.
 *   (d) paragraph `报送 昨天在城关小学开展…，参与师生300余人，发放宣传资料500份` answered by the
 *                 summary to confirm: paragraph parsing, the draft stored.
 *   (e) 确认      the reply to (d) answered by its receipt: draft read, checks, duplicate
 *                 check, report and audit written, draft removed.
 *   (f) = (d)+(e) the whole paragraph report, two messages, measured per pair.
 *
 * Every statement (b) sends is captured at the driver, timed one by one: how many there are,
 * and how long the COMMIT takes (the WASM build writes the file synchronously there).
 *
 * Reading it: each ratio is how many echo round trips that step costs. (b) − (c) is about
 * what writing one report costs; (c) alone is what the command costs before it touches the
 * report tables. The table grows by a few hundred rows during the run, which these
 * indexed lookups do not feel.
 *
 * The cases run interleaved, a few of each per round, so background load on a shared
 * machine falls on all of them alike. Medians and minima, in ms.
 *
 * All of it twice: on an empty database, and on one seeded as for bench:ledger (3,000 units,
 * BENCH_REPORTS reports over five years, default 1,000,000), where the totals recount on
 * each write meets a year of other units' reports.
 *
 * Run: npm run bench:report   (BENCH_REPORTS=100000 for a quicker trial)
 */
import { performance } from 'node:perf_hooks'
import { addDays } from '../src/time/local-date'
import { shanghaiDate } from '../src/time/shanghai'
import { Case, median, runRound } from './timing'
import { $ } from 'koishi'
import { createBot, TestBot } from '../tests/helpers/bot'
import { Driver, seedBot } from './seed'

const WARMUP_ROUNDS = 2
const ROUNDS = 15
/** How many reports the second database holds (BENCH_REPORTS=…, 0 for the empty one alone). */
const REPORTS = Number(process.env.BENCH_REPORTS ?? 1_000_000)

const RECEIPT = /^已登记 #(\d+)｜城关镇｜(\d{4}-\d{2}-\d{2})｜(.+?)｜(\d+)人次｜(\d+)份$/


function expectReply(replies: string[], test: (reply: string) => boolean, what: string) {
  if (replies.length !== 1 || !test(replies[0])) throw new Error(`expected ${what}, got ${JSON.stringify(replies)}`)
  return replies[0]
}

/** The round trips on one bot; `reports` is how many reports its database held before. */
async function measure(t: TestBot, reports: number) {
  {
    t.app.command('echo <text:text>').action((_, text) => text)
    // In a private chat: asked for in a group, the code is sent privately and not shown there.
    const [invite] = await t.client('admin').receive('单位 邀请 城关镇')
    const code = /邀请码：([\w-]+)/.exec(invite)![1]
    const officer = t.client('officer1')
    expectReply(await officer.receive(`绑定 ${code}`), reply => reply.startsWith('绑定成功'), 'the binding')
    const echo = t.client('u1', 'g1')
    expectReply(await echo.receive('echo hi'), reply => reply === 'hi', 'the echo')

    const date = addDays(shanghaiDate(new Date()), -1)
    let n = 0
    const firstId = Number(await t.app.database.select('pufa_report').execute(row => $.max(row.id)) ?? 0)
    let lastId = firstId
    let receipts = 0
    /** Checks a receipt: the next id, the fields asked for. */
    const receipt = (replies: string[], theme: string) => {
      const match = RECEIPT.exec(expectReply(replies, reply => RECEIPT.test(reply), 'a receipt'))!
      const [, id, receiptDate, receiptTheme, participants, materials] = match
      if (+id <= lastId || receiptDate !== date || receiptTheme !== theme || participants !== '300' || materials !== '500') {
        throw new Error(`unexpected receipt ${match[0]} after #${lastId}`)
      }
      lastId = +id
      receipts++
    }
    // Statements of each one-line 报送 (b), timed at the driver.
    const driver = t.app.database.drivers[0] as unknown as Driver
    const exec = driver._exec
    let statements: { sql: string; ms: number }[] | undefined
    const perLine: { sql: string; ms: number }[][] = []
    driver._exec = function (sql, params, callback) {
      const begin = performance.now()
      try {
        return exec.call(this, sql, params, callback)
      } finally {
        statements?.push({ sql, ms: performance.now() - begin })
      }
    }
    const line = (title: string, participants = '300') => `报送 ${title} -d ${date} -l 城关小学 -p ${participants} -m 500 -t 宪法 -k 讲座`
    // Every title unique: the same title and date again within 10 minutes asks before saving.
    const paragraph = () => `报送 昨天在城关小学开展宪法进校园宣讲第${++n}场活动，参与师生300余人，发放宣传资料500份`
    const confirm = async () => receipt(await officer.receive('确认'), '宪法')
    const summary = async () => {
      expectReply(await officer.receive(paragraph()), reply => reply.startsWith('我从这段话里看出的是：') && reply.includes(`第${n}场`), 'the summary')
    }

    const pair: Case = { label: '(f) paragraph + 确认', calls: 0, run: async () => {}, times: [] }
    const parsed: Case = { label: '(d) paragraph → summary', calls: 0, run: async () => {}, times: [] }
    const confirmed: Case = { label: '(e) 确认 → receipt', calls: 0, run: async () => {}, times: [] }
    const cases: Case[] = [
      { label: '(a) echo round trip', calls: 10, run: async () => void expectReply(await echo.receive('echo hi'), reply => reply === 'hi', 'the echo'), times: [] },
      {
        label: '(b) one-line 报送 → receipt',
        calls: 5,
        run: async () => {
          statements = []
          receipt(await officer.receive(line(`宪法宣讲第${++n}场`)), '宪法')
          perLine.push(statements)
          statements = undefined
        },
        times: [],
      },
      {
        label: '(c) one-line 报送, refused',
        calls: 5,
        run: async () => void expectReply(await officer.receive(line(`宪法宣讲第${++n}场`, '1000001')), reply => reply.includes('不合常理'), 'the refusal'),
        times: [],
      },
    ]

    for (let round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
      await runRound(cases, round >= 0)
      // The paragraph report, timed per message and per pair.
      for (let i = 0; i < 3; i++) {
        const begin = performance.now()
        await summary()
        const middle = performance.now()
        await confirm()
        const end = performance.now()
        if (round >= 0) {
          parsed.times.push(middle - begin)
          confirmed.times.push(end - middle)
          pair.times.push(end - begin)
        }
      }
    }

    const rows = [...cases, parsed, confirmed, pair].map(c => ({ ...c, median: median(c.times), min: Math.min(...c.times) }))
    const [floor] = rows
    console.log(`\n════ 报送 round trips on a real SQLite file holding ${reports.toLocaleString('en-US')} reports, ${ROUNDS} rounds after ${WARMUP_ROUNDS} warm-up rounds, interleaved\n`)
    console.table(Object.fromEntries(rows.map(c => [c.label, {
      runs: c.times.length,
      'median ms': +c.median.toFixed(2),
      'min ms': +c.min.toFixed(2),
      '× echo (median)': +(c.median / floor.median).toFixed(1),
      '× echo (min)': +(c.min / floor.min).toFixed(1),
    }])))
    const [, line1, refused] = rows
    console.log('× echo: time as a multiple of the echo round trip measured in the same run (median over median, min over min).')
    console.log(`writing one report, (b) − (c): ${(line1.median - refused.median).toFixed(2)} ms median = ${((line1.median - refused.median) / floor.median).toFixed(1)} × echo`)
    const measured = perLine.slice(-line1.times.length)
    const commit = median(measured.map(list => list.filter(s => s.sql === 'COMMIT').reduce((sum, s) => sum + s.ms, 0)))
    const inSqlite = median(measured.map(list => list.reduce((sum, s) => sum + s.ms, 0)))
    console.log(`(b) sends ${measured[0].length} statements (${measured[0].map(s => s.sql.split(/\s+/, 1)[0]).join(' ')}); ` +
      `all of them take ${inSqlite.toFixed(2)} ms median = ${(inSqlite / floor.median).toFixed(2)} × echo, of which the COMMIT (the synchronous file write) ${commit.toFixed(2)} ms = ${(commit / floor.median).toFixed(2)} × echo`)
    driver._exec = exec

    // Nothing left half done: one row and one audit entry per receipt, no draft.
    const written = await t.app.database.select('pufa_report', { id: { $gt: firstId } }).execute(row => $.length(row.id))
    const audits = await t.app.database.select('pufa_report_audit', { reportId: { $gt: firstId } }).execute(row => $.length(row.id))
    const drafts = await t.app.database.get('pufa_report_draft', {})
    if (written !== receipts || audits !== receipts || drafts.length) {
      throw new Error(`${receipts} receipts but ${written} reports, ${audits} audit entries, ${drafts.length} drafts`)
    }
  }
}

async function main() {
  const empty = await createBot()
  try {
    await measure(empty, 0)
  } finally {
    await empty.dispose()
  }
  if (!REPORTS) return
  const large = await createBot({ push: { cron: '0 0 1 1 *' } })
  try {
    console.log('')
    const { db } = await seedBot(large, REPORTS)
    // The seeding takes the roster's units off the register; the officer's unit comes back.
    db.run(`UPDATE pufa_unit SET active = 1 WHERE name = '城关镇'`)
    await measure(large, REPORTS)
  } finally {
    await large.dispose()
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
