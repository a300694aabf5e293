/**
 * What the ledger commands cost on five years of a large county's reports, measured against
 * the cheapest round trip and against reading every report.
 *
 * One bot as deployed (Koishi App, the project's plugins and config/, a real temp SQLite
 * file, the mock platform; the push cron set to 00:00 on 1 January so no tick runs), a bare
 * `echo` command, 3,000 active units (the roster's sample units are deactivated so the
 * 3,000 are the whole register), an officer for 80% of them, and 1,000,000 reports over
 * the five years ending today (the real Shanghai date: the commands read the real clock).
 * Reports are inserted in the order they were submitted (each 0–6 days after its activity
 * date), so ids rise with time as in a real database; ~2% are withdrawn; one unit in ten
 * reports nothing this month, so 未报送 has about 10% of the units to list. Seeding goes
 * through the raw sql.js handle: prepared INSERTs in one transaction, the declared indexes
 * built after. The ledger totals are then built by the service's own start-up check, as
 * for a database written before they existed (timed; then the check alone, as every
 * start-up runs it).
 *
 * Then, interleaved (every round runs every case: 20 echoes and one of each other, so
 * background load falls on all alike), 1 warm-up and 7 measured rounds, medians in ms:
 *
 *   (a) echo            `echo hi` through the mock client: the floor of any chat round trip.
 *   (b) 台账 今年         the admin's year summary, end to end (header, 30 unit lines, the
 *                       count of units not listed, the first silent units).
 *   (c) full scan       SELECT unitId, count(*), sum(participants), sum(materials), max(date)
 *                       FROM pufa_report NOT INDEXED GROUP BY unitId, raw: every row read.
 *   (d) 未报送 本月       the admin's list of units without a report this month, end to end.
 *   (e) distinct scan   SELECT DISTINCT unitId FROM pufa_report NOT INDEXED, raw.
 *   (f) 台账 今年 SQL     every statement (b) sends to the database, replayed raw in order
 *                       with its parameters: the database's share of (b).
 *   (g) 未报送 本月 SQL   the same for (d).
 *   (h) 台账 上周         a week: not whole months, so grouped from the reports themselves
 *                       through the (status, date, unitId, participants, materials) index.
 *   (i) 台账 今年 -t 宪法  a theme filter: grouped from that theme's reports of the year through
 *                       the (status, theme, date, …) index.
 *
 *   (j) year, indexed   the same answer as (b) without the kept totals, raw: that year's active
 *                       reports grouped by unit through the (status, date, …) covering index,
 *                       the best the engine does from the reports themselves.
 *   (k) null command    `空命令 今年`: a command declared as 台账 is (free-text words, the same
 *                       options, userFields id and authority) that replies a fixed word: what
 *                       Koishi costs for such a command, apart from what 台账 itself does.
 *
 * × echo is a multiple of (a), × scan a fraction of (c), both from the same rounds.
 * Targets: 台账 今年 and 未报送 本月 ≤ 1.5× echo and ≤ 0.25× full scan. Where the native
 * sqlite3 shell is installed, (c), (j) and (f)'s statements are also timed in it on the
 * same file: the engine's floor without the WASM build.
 *
 * Before all of that the app is restarted on the seeded file, and the first echo, the
 * first 台账 今年 and the first 未报送 本月 after the start are timed once each, cold, and
 * set against the warm medians (target: the first 台账 今年 ≤ 2× warm). The EXPLAIN QUERY
 * PLAN of every statement of (b), (d), (h) and (i) is printed first.
 *
 * Last, 导出 of the six full months before this one (~100,000 reports), once (not
 * interleaved): total time, ms per 10,000 rows, the page queries alone run raw (the
 * database's share), and the peak growth of RSS and heapUsed sampled every 50 ms during
 * the command (target: RSS under 150 MB; sampling runs only between the export's awaits,
 * and the end is sampled too). The rows are checked against the reply (`已导出 … N 条报送`),
 * a raw count, and with exceljs's streaming reader.
 *
 * Run: npm run bench:ledger   (BENCH_REPORTS=100000 for a quicker trial)
 *
 * BENCH_EXPORT=0 skips the export. BENCH_ONLY=export skips everything but the seeding, the
 * restart and 导出 (its page query's plan, the raw page queries and the timed export), for
 * working on the export alone.
 * BENCH_PROFILE=200 CPU-profiles 200 runs each of 台账 今年, 未报送 本月, the null command and
 * echo in this process after the measured rounds, prints where the time goes per run and
 * writes the profiles, for Chrome DevTools, to ledger-<case>.cpuprofile in the system's temp
 * folder. BENCH_EXPORT_PROFILE=<file.cpuprofile> records a CPU profile of the timed 导出.
 * The profiler slows what it records and holds its samples in memory: take times and memory
 * from a run without it.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, rmSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import ExcelJS from 'exceljs'
import { shanghaiDate } from '../src/time/shanghai'
import { createBot, TestBot } from '../tests/helpers/bot'
import { all, drainQuery, Driver, monthEnd, monthStart, seedBot, SqlJsDatabase, UNITS } from './seed'
import { Case, median, runRound } from './timing'
import { profile } from './profile'
import { acceptAnyWord } from '../plugins/reports/src/free-text'

/** BENCH_REPORTS=… for a quicker trial run; the targets are about 1,000,000. */
const REPORTS = Number(process.env.BENCH_REPORTS ?? 1_000_000)
const ONLY_EXPORT = process.env.BENCH_ONLY === 'export'
const EXPORT = process.env.BENCH_EXPORT !== '0'
const EXPORT_PROFILE = process.env.BENCH_EXPORT_PROFILE
/** Runs of each case under the CPU profiler, after the measured rounds (0: no profile). */
const PROFILE_RUNS = Number(process.env.BENCH_PROFILE ?? 0)
const EXPORT_MONTHS = 6
const ECHOES = 20
const WARMUP_ROUNDS = 1
const ROUNDS = 7
const SAMPLE_MS = 50
const MB = 1024 * 1024

const ms = (value: number) => +value.toFixed(value < 10 ? 2 : 1)

function plan(db: SqlJsDatabase, sql: string): string[] {
  return all(db, `EXPLAIN QUERY PLAN ${sql}`).map(row => `${'  '.repeat(Number(row.parent) ? 1 : 0)}${row.detail}`)
}

// ───────────── measuring ─────────────

interface Statement {
  sql: string
  params: unknown[]
}

/** Every statement a command sends to the database, captured at the driver with its parameters. */
async function captureSql(driver: Driver, run: () => Promise<unknown>) {
  const seen: Statement[] = []
  const original = driver._exec
  driver._exec = function (sql, params, callback) {
    seen.push({ sql, params: Array.isArray(params) ? params : [] })
    return original.call(this, sql, params, callback)
  }
  try {
    await run()
  } finally {
    driver._exec = original
  }
  return seen
}

/** Runs captured statements to the end without keeping the rows: the database's share of a command. */
function replay(db: SqlJsDatabase, statements: Statement[]) {
  for (const { sql, params } of statements) {
    const stmt = db.prepare(sql)
    try {
      stmt.bind(params)
      while (stmt.step()) stmt.get()
    } finally {
      stmt.free()
    }
  }
}

/** A statement with its parameters written in, as the native shell takes it. */
function inline(sql: string, params: unknown[]) {
  return params.reduce<string>((text, param) => text.replace('?', typeof param === 'string' ? `'${param}'` : String(param)), sql)
}

function showPlans(db: SqlJsDatabase, label: string, statements: Statement[]) {
  console.log(`\n${label}: ${statements.length} statements`)
  for (const { sql, params } of statements) {
    const inlined = inline(sql, params)
    console.log(`  ${inlined.length > 400 ? `${inlined.slice(0, 400)}…` : inlined}`)
    console.log(`    → ${plan(db, `${inlined}`).join('\n    → ')}`)
  }
}

/**
 * The export's page queries run raw, paging by id as workbook-file.ts does: the database's
 * share of 导出. The page statement binds (from, to, after, last id, page size) in that
 * order and returns one row, the page as JSON text, parsed here as the export parses it;
 * the first and last id in the period are read here as the export reads them.
 */
function drainPages(db: SqlJsDatabase, page: Statement, to: string): number {
  const [from] = page.params
  const [bounds] = all(db, `SELECT min(id) AS first, max(id) AS last FROM pufa_report WHERE status = 'active' AND date >= '${from}' AND date <= '${to}'`)
  let after = Number(bounds.first) - 1, total = 0
  for (;;) {
    const stmt = db.prepare(page.sql)
    const params = [...page.params]
    params[1] = to
    params[params.length - 3] = after
    params[params.length - 2] = Number(bounds.last)
    let rows: number[][]
    try {
      stmt.bind(params)
      stmt.step()
      rows = JSON.parse(String(stmt.get()[0]))
    } finally {
      stmt.free()
    }
    for (const row of rows) after = Math.max(after, row[0])
    total += rows.length
    if (rows.length < Number(params[params.length - 1])) return total
  }
}

/** Rows of the first sheet (明细) below its title and header rows, read with exceljs's streaming reader. */
async function detailRows(file: string): Promise<number> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'ignore', styles: 'ignore', hyperlinks: 'ignore', entries: 'ignore' } as any)
  let rows = -1
  for await (const sheet of reader) {
    let n = 0
    for await (const _ of sheet) n++
    if (rows < 0) rows = n - 2
  }
  return rows
}

async function exportOnce(t: TestBot, period: string, expected: number, verify: boolean) {
  const dir = join(dirname(t.file!), 'exports')
  const client = t.admin('bench')
  global.gc?.()
  const before = process.memoryUsage()
  let peakRss = before.rss, peakHeap = before.heapUsed
  const sample = () => {
    const now = process.memoryUsage()
    peakRss = Math.max(peakRss, now.rss)
    peakHeap = Math.max(peakHeap, now.heapUsed)
  }
  const profiler = EXPORT_PROFILE ? await startProfile() : undefined
  const timer = setInterval(sample, SAMPLE_MS)
  const begin = performance.now()
  let replies: string[]
  try {
    replies = await client.receive(`导出 ${period}`)
  } finally {
    clearInterval(timer)
  }
  const elapsed = performance.now() - begin
  if (profiler) await profiler.stop(EXPORT_PROFILE!)
  sample()
  // The end point taken as the baseline was: after a full collection, so the two compare.
  global.gc?.()
  const after = process.memoryUsage()
  const reply = replies.join('\n')
  const match = /：(\d+) 条报送/.exec(reply)
  if (!match) throw new Error(`导出 replied ${JSON.stringify(reply)}`)
  const rows = Number(match[1])
  if (rows !== expected) throw new Error(`导出 wrote ${rows} rows, the database has ${expected}`)

  const files = readdirSync(dir).filter(name => name.endsWith('.xlsx'))
  if (files.length !== 1) throw new Error(`expected one export file, found ${files.join(', ')}`)
  const file = join(dir, files[0])
  if (verify) {
    const b = performance.now()
    const inFile = await detailRows(file)
    if (inFile !== rows) throw new Error(`the workbook's 明细 has ${inFile} data rows, the reply says ${rows}`)
    console.log(`\n导出 reply: ${reply}\nworkbook checked with exceljs's streaming reader: 明细 has ${inFile} data rows (read in ${((performance.now() - b) / 1000).toFixed(1)} s)`)
  }
  rmSync(file)
  return {
    elapsed, rows, rss: (peakRss - before.rss) / MB, heap: (peakHeap - before.heapUsed) / MB,
    retainedRss: (after.rss - before.rss) / MB, retainedHeap: (after.heapUsed - before.heapUsed) / MB,
  }
}

/** The inspector's CPU profiler on this process, written to a .cpuprofile file when stopped. */
async function startProfile() {
  const session = new Session()
  session.connect()
  const post = (method: string, params?: object) => new Promise<any>((resolve, reject) =>
    session.post(method, params, (error, result) => error ? reject(error) : resolve(result)))
  await post('Profiler.enable')
  await post('Profiler.setSamplingInterval', { interval: 200 })
  await post('Profiler.start')
  return {
    async stop(file: string) {
      const { profile } = await post('Profiler.stop')
      session.disconnect()
      writeFileSync(file, JSON.stringify(profile))
      console.log(`CPU profile of 导出 written to ${file}`)
    },
  }
}

/** 导出 of the six full months before this one: its page query's plan, the page queries run raw, then the command, timed. */
async function benchExport(t: TestBot, db: SqlJsDatabase, driver: Driver, today: string) {
  const admin = t.admin('bench')
  const exportPeriod = { from: monthStart(today, -EXPORT_MONTHS), to: monthEnd(today, -1) }
  const exportCount = Number(all(db, `SELECT count(*) AS n FROM pufa_report WHERE status = 'active' AND date BETWEEN '${exportPeriod.from}' AND '${exportPeriod.to}'`)[0].n)
  const exportDir = join(dirname(t.file!), 'exports')
  // The page query: the one that reads reports in id order (the others count and sum).
  const oneDay = (await captureSql(driver, () => admin.receive(`导出 ${exportPeriod.from}~${exportPeriod.from}`)))
    .filter(({ sql }) => sql.includes('FROM `pufa_report` ') && sql.includes('ORDER BY `id`'))
  for (const name of readdirSync(exportDir)) rmSync(join(exportDir, name))
  const exportPage = oneDay[0] && { sql: oneDay[0].sql, params: [...oneDay[0].params] }
  if (exportPage?.params.length !== 5 || exportPage.params[1] !== exportPeriod.from) throw new Error(`unexpected export query: ${oneDay.map(({ sql, params }) => `${sql} ${params}`).join('\n')}`)
  exportPage.params[1] = exportPeriod.to
  showPlans(db, '导出 page (one per 2,000 rows)', [exportPage])

  const sqlBegin = performance.now()
  const sqlRows = drainPages(db, exportPage, exportPeriod.to)
  const sqlOnly = performance.now() - sqlBegin
  if (sqlRows !== exportCount) throw new Error(`the export's page query returned ${sqlRows} rows, expected ${exportCount}`)
  const exported = await exportOnce(t, `${exportPeriod.from}~${exportPeriod.to}`, exportCount, true)
  console.log(`\n════ 导出 ${exportPeriod.from}~${exportPeriod.to}, ${exportCount.toLocaleString('en-US')} active reports${EXPORT_PROFILE ? ' (under the CPU profiler)' : ''}`)
  console.table([{
    rows: exported.rows,
    'total s': +(exported.elapsed / 1000).toFixed(2),
    'ms / 10k rows': Math.round(exported.elapsed / exported.rows * 10_000),
    'page SQL alone s': +(sqlOnly / 1000).toFixed(2),
    'peak ΔRSS MB': +exported.rss.toFixed(1),
    'peak ΔheapUsed MB': +exported.heap.toFixed(1),
    'ΔRSS after, MB': +exported.retainedRss.toFixed(1),
    'ΔheapUsed after, MB': +exported.retainedHeap.toFixed(1),
    'ms / 10k target ≤ 300': exported.elapsed / exported.rows * 10_000 <= 300 ? 'met' : 'NOT met',
    'ΔRSS < 150 MB': exported.rss < 150 ? 'met' : 'NOT met',
  }])
  return `导出 ${Math.round(exported.elapsed / exported.rows * 10_000)} ms per 10k rows, peak ΔRSS ${exported.rss.toFixed(1)} MB`
}

/** Time per run of `sql` (one or more statements) in the native sqlite3 shell on the same file, in ms, over `runs` runs; undefined without the shell. */
function nativeMs(file: string, sql: string, runs = 5): number | undefined {
  const found = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' })
  if (found.status !== 0) return
  const script = `.timer on\n${Array.from({ length: runs }, () => `${sql};`).join('\n')}\n`
  const result = spawnSync('sqlite3', [file], { input: script, encoding: 'utf8', maxBuffer: 64 * MB })
  const times = [...result.stdout.matchAll(/Run Time: real ([\d.]+)/g)].map(match => Number(match[1]) * 1000)
  return times.length ? times.reduce((sum, time) => sum + time, 0) / runs : undefined
}

async function main() {
  const started = performance.now()
  const seeded = await createBot({ push: { cron: '0 0 1 1 *' } })
  const file = seeded.file!
  let t = seeded
  try {
    await seedBot(seeded, REPORTS)
    // A restart on the seeded file: the first commands after it are timed alone, cold.
    await seeded.stop()
    t = await createBot({ file, push: { cron: '0 0 1 1 *' } })
    t.app.command('echo <text:text>').action((_, text) => text)
    acceptAnyWord(t.app.command('空命令 [...period:string]'))
      .userFields(['id', 'authority'])
      .option('unit', '-u <unit:string>')
      .option('theme', '-t <theme:string>')
      .option('keyDate', '-n <keyDate:string>')
      .action(() => 'ok')
    const driver = t.app.database.drivers[0] as unknown as Driver
    const db = driver.db
    const today = shanghaiDate(new Date())
    if (ONLY_EXPORT) {
      console.log(`\n════ summary: ${await benchExport(t, db, driver, today)}`)
      console.log(`total run time ${((performance.now() - started) / 1000).toFixed(0)} s, final RSS ${(process.memoryUsage().rss / MB).toFixed(0)} MB`)
      return
    }
    const cold = async (label: string, run: () => Promise<unknown>) => {
      const begin = performance.now()
      await run()
      return { label, ms: performance.now() - begin }
    }
    const firsts = [
      await cold('echo', () => t.client('u1', 'bench').receive('echo hi')),
      await cold('台账 今年', () => t.admin('bench').receive('台账 今年')),
      await cold('未报送 本月', () => t.admin('bench').receive('未报送 本月')),
    ]

    const year = { from: `${today.slice(0, 4)}-01-01`, to: `${today.slice(0, 4)}-12-31` }
    const month = { from: monthStart(today, 0), to: monthEnd(today, 0) }
    const exportPeriod = { from: monthStart(today, -EXPORT_MONTHS), to: monthEnd(today, -1) }
    const count = (where: string) => Number(all(db, `SELECT count(*) AS n FROM pufa_report WHERE ${where}`)[0].n)
    const yearCount = count(`status = 'active' AND date BETWEEN '${year.from}' AND '${year.to}'`)
    const monthCount = count(`status = 'active' AND date BETWEEN '${month.from}' AND '${month.to}'`)
    const exportCount = count(`status = 'active' AND date BETWEEN '${exportPeriod.from}' AND '${exportPeriod.to}'`)
    const silentExpected = UNITS - Number(all(db, `SELECT count(DISTINCT r.unitId) AS n FROM pufa_report r JOIN pufa_unit u ON u.id = r.unitId
      WHERE u.active = 1 AND r.status = 'active' AND r.date BETWEEN '${month.from}' AND '${month.to}'`)[0].n)
    console.log(`active reports: 今年 ${yearCount.toLocaleString('en-US')}, 本月 ${monthCount.toLocaleString('en-US')}, `
      + `export period ${exportPeriod.from}~${exportPeriod.to} ${exportCount.toLocaleString('en-US')}; units without a report 本月: ${silentExpected}`)
    console.log(`database file: ${(Number(all(db, 'PRAGMA page_count')[0].page_count) * 4096 / MB).toFixed(0)} MB, `
      + `RSS ${(process.memoryUsage().rss / MB).toFixed(0)} MB after seeding`)

    const client = t.client('u1', 'bench')
    const admin = t.admin('bench')
    const [echoReply] = await client.receive('echo hi')
    if (echoReply !== 'hi') throw new Error(`echo replied ${JSON.stringify(echoReply)}`)

    // The replies, once, checked against the database.
    const [ledgerReply] = await admin.receive('台账 今年')
    const ledgerLines = ledgerReply.split('\n')
    const header = /报送 (\d+) 场/.exec(ledgerLines[0])
    if (!header || Number(header[1]) !== yearCount) throw new Error(`台账 今年 replied ${JSON.stringify(ledgerLines[0])}, expected ${yearCount} 场`)
    const [missingReply] = await admin.receive('未报送 本月')
    const missingLines = missingReply.split('\n')
    const missingHeader = /未报送 (\d+) 个单位/.exec(missingLines[0])
    if (!missingHeader || Number(missingHeader[1]) !== silentExpected) throw new Error(`未报送 本月 replied ${JSON.stringify(missingLines[0])}, expected ${silentExpected}`)
    const [weekReply] = await admin.receive('台账 上周')
    const [themeReply] = await admin.receive('台账 今年 -t 宪法')
    console.log(`\n台账 今年 reply: ${ledgerLines.length} lines, ${ledgerReply.length} characters:\n  ${ledgerLines.slice(0, 3).join('\n  ')}\n  …\n  ${ledgerLines.slice(-2).join('\n  ')}`)
    console.log(`未报送 本月 reply: ${missingLines.length} lines, ${missingReply.length} characters:\n  ${missingLines.slice(0, 3).join('\n  ')}\n  …`)
    console.log(`台账 上周: ${weekReply.split('\n')[0]}\n台账 今年 -t 宪法: ${themeReply.split('\n').slice(0, 2).join(' ')}`)

    // ── plans ──
    const ledgerSql = await captureSql(driver, () => admin.receive('台账 今年'))
    const missingSql = await captureSql(driver, () => admin.receive('未报送 本月'))
    if (ledgerSql.some(({ sql }) => sql.includes('FROM `pufa_report` '))) throw new Error('台账 今年 read the reports table, not the totals')
    showPlans(db, '台账 今年', ledgerSql)
    showPlans(db, '未报送 本月', missingSql)
    showPlans(db, '台账 上周 (statements on pufa_report)', (await captureSql(driver, () => admin.receive('台账 上周'))).filter(({ sql }) => sql.includes('`pufa_report`')))
    showPlans(db, '台账 今年 -t 宪法 (statements on pufa_report)', (await captureSql(driver, () => admin.receive('台账 今年 -t 宪法'))).filter(({ sql }) => sql.includes('`pufa_report`')))
    const fullScan = 'SELECT unitId, count(*), sum(participants), sum(materials), max(date) FROM pufa_report NOT INDEXED GROUP BY unitId'
    const distinctScan = 'SELECT DISTINCT unitId FROM pufa_report NOT INDEXED'
    // The best the engine does for the same answer without the kept totals: that year's rows through the covering index.
    const yearIndexed = `SELECT unitId, count(*), sum(participants), sum(materials), max(date) FROM pufa_report WHERE status = 'active' AND date BETWEEN '${year.from}' AND '${year.to}' GROUP BY unitId`

    // ── interleaved rounds ──
    const cases: Record<string, Case> = {
      echo: { label: '(a) echo', calls: ECHOES, run: () => client.receive('echo hi'), times: [] },
      ledger: { label: '(b) 台账 今年', calls: 1, run: () => admin.receive('台账 今年'), times: [] },
      scan: { label: '(c) full scan', calls: 1, run: () => drainQuery(db, fullScan), times: [] },
      missing: { label: '(d) 未报送 本月', calls: 1, run: () => admin.receive('未报送 本月'), times: [] },
      distinct: { label: '(e) distinct scan', calls: 1, run: () => drainQuery(db, distinctScan), times: [] },
      indexed: { label: '(j) year, indexed SQL', calls: 1, run: () => drainQuery(db, yearIndexed), times: [] },
      ledgerSql: { label: '(f) 台账 今年 SQL', calls: 1, run: () => replay(db, ledgerSql), times: [] },
      missingSql: { label: '(g) 未报送 本月 SQL', calls: 1, run: () => replay(db, missingSql), times: [] },
      week: { label: '(h) 台账 上周', calls: 1, run: () => admin.receive('台账 上周'), times: [] },
      theme: { label: '(i) 台账 今年 -t 宪法', calls: 1, run: () => admin.receive('台账 今年 -t 宪法'), times: [] },
      null: { label: '(k) null command', calls: 5, run: () => admin.receive('空命令 今年'), times: [] },
    }
    global.gc?.()
    const measuring = performance.now()
    for (let round = -WARMUP_ROUNDS; round < ROUNDS; round++) await runRound(Object.values(cases), round >= 0)
    console.log(`\n${WARMUP_ROUNDS} warm-up + ${ROUNDS} measured rounds in ${((performance.now() - measuring) / 1000).toFixed(0)} s`)

    const m = Object.fromEntries(Object.entries(cases).map(([key, c]) => [key, median(c.times)]))
    console.table(Object.fromEntries(Object.entries(cases).map(([key, c]) => [c.label, {
      runs: c.times.length,
      'median ms': ms(m[key]),
      'min ms': ms(Math.min(...c.times)),
      '× echo': key === 'echo' ? '' : +(m[key] / m.echo).toFixed(2),
      '× full scan': key === 'echo' || key === 'scan' ? '' : +(m[key] / m.scan).toFixed(3),
    }])))
    const ratio = (label: string, value: number, target?: number) => ({
      ratio: label, value: +value.toFixed(3), target: target === undefined ? '' : `≤ ${target}`,
      met: target === undefined ? '' : value <= target ? 'met' : 'NOT met',
    })
    const ratios = [
      ratio('台账 今年 / echo', m.ledger / m.echo, 1.5),
      ratio('台账 今年 / full scan (c)', m.ledger / m.scan, 0.25),
      ratio('台账 今年 / year indexed SQL (j)', m.ledger / m.indexed),
      ratio('未报送 本月 / echo', m.missing / m.echo, 1.5),
      ratio('未报送 本月 / full scan (c)', m.missing / m.scan, 0.25),
      ratio('未报送 本月 / distinct scan (e)', m.missing / m.distinct),
      ratio('台账 上周 / echo', m.week / m.echo),
      ratio('台账 今年 -t 宪法 / echo', m.theme / m.echo),
      ratio('台账 今年 -t 宪法 / full scan (c)', m.theme / m.scan),
      ratio('null command (k) / echo', m.null / m.echo),
    ]
    console.table(ratios)

    // The first commands after the restart, against the warm medians of the same run.
    console.log('\nfirst commands after a restart on the seeded file (each once, before any other):')
    const warm: Record<string, number> = { 'echo': m.echo, '台账 今年': m.ledger, '未报送 本月': m.missing }
    console.table(firsts.map(first => ({
      command: first.label, 'first ms': ms(first.ms), 'warm median ms': ms(warm[first.label]),
      '× warm': +(first.ms / warm[first.label]).toFixed(2), target: first.label === '台账 今年' ? '≤ 2×' : '',
    })))
    if (PROFILE_RUNS) {
      // Where a command's time goes: self time by package, and total time under each layer.
      const layers = {
        'sql.js (WASM SQLite)': /sql-wasm|wasm-function/,
        'minato': /minato/,
        'Koishi i18n (session.text)': /i18n|\btext /,
        'plugins/ledger': /plugins\/ledger/,
      }
      for (const [name, run] of Object.entries({ ledger: () => admin.receive('台账 今年'), missing: () => admin.receive('未报送 本月'), null: () => admin.receive('空命令 今年'), echo: () => client.receive('echo hi') })) {
        const file = join(tmpdir(), `ledger-${name}.cpuprofile`)
        const found = await profile(run, PROFILE_RUNS, file, layers)
        console.log(`\nprofile of ${PROFILE_RUNS} × ${name}: ${found.msPerRun} ms per run (profiler on); total ms per run under ${JSON.stringify(found.groups)}; written to ${file}`)
        console.table(found.byPackage)
        console.table(found.topSelf)
      }
    }
    const native = { scan: nativeMs(file, fullScan), indexed: nativeMs(file, yearIndexed), ledger: nativeMs(file, ledgerSql.map(({ sql, params }) => inline(sql, params)).join(';\n')) }
    if (native.scan !== undefined) {
      console.log(`native sqlite3 on the same file (the engine's floor), mean of 5 runs (the shell times to the millisecond): full scan ${ms(native.scan)} ms, `
        + `year indexed ${ms(native.indexed!)} ms, 台账 今年's statements ${ms(native.ledger!)} ms; the WASM build here: `
        + `${ms(m.scan)}, ${ms(m.indexed)}, ${ms(m.ledgerSql)} ms`)
    }

    const exported = EXPORT ? await benchExport(t, db, driver, today) : '导出 skipped (BENCH_EXPORT=0)'

    console.log(`\n════ summary: echo ${ms(m.echo)} ms; ${ratios.filter(r => r.target).map(r => `${r.ratio} ${r.value} (${r.target}: ${r.met})`).join('; ')}; ${exported}`)
    if (shanghaiDate(new Date()) !== today) console.log(`warning: the Shanghai date changed during the run (${today} → ${shanghaiDate(new Date())}); 本月/今年 may have moved`)
    if (t.bot.outbox.length) throw new Error(`the bot sent ${t.bot.outbox.length} proactive messages during the benchmark`)
    console.log(`total run time ${((performance.now() - started) / 1000).toFixed(0)} s, final RSS ${(process.memoryUsage().rss / MB).toFixed(0)} MB`)
  } finally {
    await t.dispose()
    rmSync(dirname(file), { recursive: true, force: true })
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
