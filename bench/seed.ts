/**
 * The large database the benchmarks run on: 3,000 active units, an officer for 80% of them
 * and N reports over the five years ending today, written through the raw sql.js handle
 * (prepared INSERTs in one transaction, the declared indexes built after), then the ledger
 * totals built by the service's own start-up check. Shared by bench:ledger and bench:report.
 */
import { performance } from 'node:perf_hooks'
import { addDays, dateParts, daysInMonth, diffDays, formatDate } from '../src/time/local-date'
import { shanghaiDate } from '../src/time/shanghai'
import { FORMS } from '../src/reports/fields'
import { TestBot } from '../tests/helpers/bot'

export const UNITS = 3_000
const YEARS = 5
const OFFICER_SHARE = 0.8
const WITHDRAWN_SHARE = 0.02
const KEY_DATE_SHARE = 0.3
/** Every SILENT_EVERY-th unit reports nothing in the current month. */
export const SILENT_EVERY = 10

export type SqlJsStatement = {
  bind(params: unknown[]): boolean
  step(): boolean
  get(): unknown[]
  getAsObject(): Record<string, unknown>
  run(params?: unknown[]): void
  reset(): void
  free(): void
}
export type SqlJsDatabase = {
  prepare(sql: string): SqlJsStatement
  exec(sql: string): { columns: string[]; values: unknown[][] }[]
  run(sql: string, params?: unknown[]): void
}
export interface Driver {
  db: SqlJsDatabase
  _exec(sql: string, params: unknown, callback: (stmt: SqlJsStatement) => unknown): unknown
}

// ───────────── helpers ─────────────

/** mulberry32: deterministic, fast, good enough to spread rows. */
export function random(seed: number) {
  return () => {
    seed = (seed + 0x6D2B79F5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}


export function all(db: SqlJsDatabase, sql: string): Record<string, unknown>[] {
  const stmt = db.prepare(sql)
  const rows: Record<string, unknown>[] = []
  try {
    while (stmt.step()) rows.push(stmt.getAsObject())
  } finally {
    stmt.free()
  }
  return rows
}

/** Runs a query to the end without keeping the rows (the cost of the SQL alone). */
export function drainQuery(db: SqlJsDatabase, sql: string): number {
  const stmt = db.prepare(sql)
  let n = 0
  try {
    while (stmt.step()) { stmt.get(); n++ }
  } finally {
    stmt.free()
  }
  return n
}

export function monthStart(date: string, offset: number) {
  const { year, month } = dateParts(date)
  const index = year * 12 + month - 1 + offset
  return formatDate(Math.floor(index / 12), index % 12 + 1, 1)
}

export function monthEnd(date: string, offset: number) {
  const from = monthStart(date, offset)
  const { year, month } = dateParts(from)
  return formatDate(year, month, daysInMonth(year, month))
}

// ───────────── seeding ─────────────

export function seed(db: SqlJsDatabase, today: string, themes: string[], keyDates: string[], REPORTS: number) {
  const rand = random(20261204)
  const first = addDays(`${dateParts(today).year - YEARS}${today.slice(4)}`, 1)
  const days = diffDays(first, today) + 1
  const thisMonth = monthStart(today, 0)
  const kinds = ['乡镇/街道', '部门', '学校', '企业', '村(社区)', '其他']

  db.run('BEGIN TRANSACTION')
  try {
    // The roster's sample units stay in the table but leave the register.
    db.run('UPDATE pufa_unit SET active = 0')
    const unitStmt = db.prepare('INSERT INTO pufa_unit (name, kind, active, createdAt) VALUES (?, ?, 1, ?)')
    const created = Date.parse(`${first}T00:00:00+08:00`)
    for (let i = 0; i < UNITS; i++) unitStmt.run([`测试单位${String(i + 1).padStart(4, '0')}`, kinds[i % kinds.length], created])
    unitStmt.free()
    const ids = all(db, 'SELECT id FROM pufa_unit WHERE active = 1 ORDER BY id').map(row => Number(row.id))
    if (ids.length !== UNITS) throw new Error(`expected ${UNITS} active units, found ${ids.length}`)

    const officerStmt = db.prepare('INSERT INTO pufa_officer (aid, unitId, platform, userId, name, boundAt) VALUES (?, ?, ?, ?, ?, ?)')
    let officers = 0
    ids.forEach((id, i) => {
      if (rand() >= OFFICER_SHARE) return
      officerStmt.run([100_000 + i, id, 'mock', `officer${i}`, `联络员${i}`, created])
      officers++
    })
    officerStmt.free()

    const reportStmt = db.prepare(`INSERT INTO pufa_report
      (unitId, title, date, place, participants, materials, theme, form, keyDate, photos, status, source, createdBy, createdAt, updatedAt)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    const sources = ['line', 'paragraph', 'dialogue']
    const dates = Array.from({ length: days }, (_, day) => addDays(first, day))
    const epochFirst = Date.parse(`${first}T00:00:00+08:00`)
    for (let i = 0; i < REPORTS; i++) {
      // Submitted in id order over the five years; the activity 0–6 days before.
      const submittedDay = Math.floor(i * days / REPORTS)
      const date = dates[Math.max(0, submittedDay - Math.floor(rand() * 7))]
      let u = Math.floor(rand() * UNITS)
      if (u % SILENT_EVERY === 0 && date >= thisMonth) u++
      const theme = themes[Math.floor(rand() * themes.length)]
      const form = FORMS[Math.floor(rand() * FORMS.length)]
      const createdAt = epochFirst + submittedDay * 86_400_000 + Math.floor(rand() * 86_400_000)
      const withdrawn = rand() < WITHDRAWN_SHARE
      const photos = Math.floor(rand() * 4)
      reportStmt.run([
        ids[u],
        `${theme}主题${form}活动第${i + 1}期`,
        date,
        `第${1 + Math.floor(rand() * 200)}社区活动室`,
        Math.floor(rand() * 2001),
        Math.floor(rand() * 5001),
        theme,
        form,
        rand() < KEY_DATE_SHARE ? keyDates[Math.floor(rand() * keyDates.length)] : '',
        JSON.stringify(Array.from({ length: photos }, (_, k) => `r${i + 1}-${k + 1}.jpg`)),
        withdrawn ? 'withdrawn' : 'active',
        sources[i % 3],
        `mock:officer${u}`,
        createdAt,
        withdrawn ? createdAt + 86_400_000 : createdAt,
      ])
    }
    reportStmt.free()
    db.run('COMMIT')
    return { first, officers }
  } catch (error) {
    db.run('ROLLBACK')
    throw error
  }
}

/**
 * Seeds `reports` reports into the bot's database and builds the totals as a start-up does;
 * prints what it did. Returns the raw handle and the first date seeded.
 */
export async function seedBot(t: TestBot, reports: number) {
  const driver = t.app.database.drivers[0] as unknown as Driver
  const db = driver.db
  const today = shanghaiDate(new Date())
  const themes = [...t.app.pufaContent.library.themes.keys()]
  const keyDates = t.app.pufaContent.calendar.entries.map(entry => entry.id)
  const indexes = all(db, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'pufa_report' AND sql IS NOT NULL`)
  let begin = performance.now()
  // The declared indexes are built once after the rows are in (as CREATE INDEX sorts),
  // not maintained row by row; the same SQL, so the schema ends as minato made it.
  for (const index of indexes) db.run(`DROP INDEX \`${index.name}\``)
  const { first, officers } = seed(db, today, themes, keyDates, reports)
  const inserted = performance.now() - begin
  begin = performance.now()
  for (const index of indexes) db.run(String(index.sql))
  const indexed = performance.now() - begin
  console.log(`today (Asia/Shanghai): ${today}; reports dated ${first} … ${today}`)
  console.log(`seeded ${UNITS} units, ${officers} officers, ${reports.toLocaleString('en-US')} reports in ${(inserted / 1000).toFixed(1)} s `
    + `(prepared INSERTs, one transaction, raw sql.js handle); declared indexes rebuilt in ${(indexed / 1000).toFixed(1)} s`)
  console.log(`declared indexes: ${indexes.map(index => index.name).join(', ')}`)
  begin = performance.now()
  const totalRows = await t.app.pufaReports.ensureTotals()
  const rebuilt = performance.now() - begin
  begin = performance.now()
  const again = await t.app.pufaReports.ensureTotals()
  const checked = performance.now() - begin
  if (!totalRows || again) throw new Error(`expected one rebuild, then none: ${totalRows}, ${again}`)
  console.log(`ledger totals rebuilt from the reports by the start-up check in ${(rebuilt / 1000).toFixed(1)} s (${totalRows.toLocaleString('en-US')} rows: unit × year, quarter, month); `
    + `the check alone, totals in agreement: ${checked.toFixed(2)} ms`)
  return { driver, db, today, first }
}
