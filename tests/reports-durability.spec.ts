/**
 * “If the bot said 已登记 #N, #N survives a crash.”
 *
 * A real bot runs in a child process (tests/helpers/report-bot-process.ts) on a real SQLite
 * file. An officer sends one-line reports as fast as the bot takes them; right after the
 * last acknowledgement we expect, the child is killed with SIGKILL (no shutdown, no export,
 * nothing released by hand) while further reports are still queued or being written. A
 * fresh child on the same file must find the lock free at once, start, and show
 * every acknowledged report with the fields it acknowledged.
 */
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { lockHolder } from '../plugins/database-sqlite/src/lock'
import { validateFields } from '../src/reports/fields'
import { addDays } from '../src/time/local-date'
import { shanghaiDate } from '../src/time/shanghai'
import { ADMIN, ROOT } from './helpers/bot'
import { tempDatabase } from './helpers/db-dir'
import { codeIn } from './helpers/reports'

/** Longest wait for any one line or exit of a child; generous for a loaded CI machine. */
const WAIT_MS = 20_000
const OFFICER = 'officer1'
const GROUP = 'g1'
const ACKED = 30
/** Reports sent beyond the last one waited for: in flight when the process dies. */
const IN_FLIGHT = 5

type Line = { id?: number; event?: string; pid?: number; errors?: string[]; replies?: string[]; rows?: any[]; error?: string }

/** A bot child process and its protocol lines, each awaited with a bounded timeout. */
class BotProcess {
  readonly child: ChildProcessWithoutNullStreams
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  stderr = ''
  private lines: Line[] = []
  private waiting?: () => void
  private nextId = 1
  private done = false

  constructor(file: string) {
    this.child = spawn(process.execPath, ['-r', 'esbuild-register', '-r', 'yml-register', join(ROOT, 'tests/helpers/report-bot-process.ts'), file], { cwd: ROOT })
    this.child.stderr.on('data', chunk => this.stderr += chunk)
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      this.lines.push(JSON.parse(line))
      this.waiting?.()
    })
    this.exited = new Promise(resolve => this.child.on('exit', (code, signal) => {
      this.done = true
      this.waiting?.()
      resolve({ code, signal })
    }))
  }

  /** The next protocol line; rejects when the child exits first or nothing comes in time. */
  async next(): Promise<Line> {
    const deadline = Date.now() + WAIT_MS
    while (!this.lines.length) {
      if (this.done) throw new Error(`bot process exited before answering\n${this.stderr}`)
      const remaining = deadline - Date.now()
      if (remaining <= 0) throw new Error(`no line from the bot process in ${WAIT_MS} ms\n${this.stderr}`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining)
        this.waiting = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      this.waiting = undefined
    }
    return this.lines.shift()!
  }

  /** Lines received and not read yet (after the child is gone: everything it wrote). */
  rest() {
    return this.lines.splice(0)
  }

  send(request: { userId: string; channelId?: string; text: string } | { op: 'rows'; table: string }) {
    const id = this.nextId++
    this.child.stdin.write(JSON.stringify({ id, ...request }) + '\n')
    return id
  }

  /** Sends one message, in the group or a private chat, and waits for its replies. */
  async say(userId: string, text: string, { direct = false } = {}) {
    const id = this.send({ userId, channelId: direct ? undefined : GROUP, text })
    const line = await this.next()
    expect(line, `answer to ${text}`).toMatchObject({ id })
    return line.replies!
  }

  async rows(table: string) {
    const id = this.send({ op: 'rows', table })
    const line = await this.next()
    expect(line).toMatchObject({ id })
    return line.rows!
  }

  async waitExit() {
    let timer: NodeJS.Timeout
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`bot process did not exit in ${WAIT_MS} ms`)), WAIT_MS)
    })
    return Promise.race([this.exited, timeout]).finally(() => clearTimeout(timer))
  }
}

const children: BotProcess[] = []
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const bot of children.splice(0)) {
    if (bot.child.exitCode === null && bot.child.signalCode === null) {
      bot.child.kill('SIGKILL')
      await bot.exited
    }
  }
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function startBot(file: string) {
  const bot = new BotProcess(file)
  children.push(bot)
  return bot
}


/** `已登记 #12｜城关镇｜2026-11-20｜宪法｜12人次｜0份` */
const RECEIPT = /^已登记 #(\d+)｜城关镇｜(\d{4}-\d{2}-\d{2})｜(.+?)｜(\d+)人次｜(\d+)份$/

describe('a report the bot acknowledged survives a crash', () => {
  it('keeps every acknowledged report when the process is killed with SIGKILL', async () => {
    const db = tempDatabase()
    cleanups.push(db.remove)
    // Two days ago in Shanghai: always a valid report date, whatever the machine's time zone.
    const date = addDays(shanghaiDate(new Date()), -2)

    // ── first life ──
    const first = startBot(db.file)
    expect(await first.next()).toEqual({ event: 'ready', pid: first.child.pid })
    expect((await lockHolder(db.file))?.pid).toBe(first.child.pid)
    const [invite] = await first.say(ADMIN, '单位 邀请 城关镇', { direct: true })
    const code = codeIn(invite)
    expect(await first.say(OFFICER, `绑定 ${code}`)).toEqual([expect.stringContaining('绑定成功')])

    // All reports go out at once; the bot takes them in order. Each acknowledgement is
    // recorded as it arrives, and the process is killed the moment the last expected one is in.
    const sent = new Map<number, number>()
    for (let n = 1; n <= ACKED + IN_FLIGHT; n++) {
      sent.set(first.send({ userId: OFFICER, channelId: GROUP, text: `报送 标题${n} -d ${date} -p ${n} -t 宪法` }), n)
    }
    /** Report id → the n of 标题n it acknowledged. */
    const acked = new Map<number, number>()
    const ack = (line: Line) => {
      const n = sent.get(line.id!)
      expect(n, JSON.stringify(line)).toBeDefined()
      expect(line.replies).toHaveLength(1)
      const match = RECEIPT.exec(line.replies![0])
      expect(match, line.replies![0]).not.toBeNull()
      const [, id, ackDate, theme, participants, materials] = match!
      expect({ date: ackDate, theme, participants: +participants, materials: +materials }).toEqual({ date, theme: '宪法', participants: n, materials: 0 })
      acked.set(+id, n!)
    }
    while (acked.size < ACKED) ack(await first.next())
    first.child.kill('SIGKILL')
    const death = await first.waitExit()
    expect(death).toEqual({ code: null, signal: 'SIGKILL' })
    // Whatever else it managed to write before dying was said too, and counts as acknowledged.
    for (const line of first.rest()) ack(line)
    expect(acked.size).toBeGreaterThanOrEqual(ACKED)
    expect(new Set(acked.values()).size).toBe(acked.size)
    // Killed, not stopped: nobody holds the file any more.
    expect(await lockHolder(db.file)).toBeUndefined()

    // ── second life, on the same file ──
    const second = startBot(db.file)
    const ready = await second.next()
    expect(ready, second.stderr).toEqual({ event: 'ready', pid: second.child.pid })
    expect(second.stderr).not.toContain('正被另一个机器人进程使用')
    expect((await lockHolder(db.file))?.pid).toBe(second.child.pid)

    // Every acknowledged report, as the officer sees it after the restart.
    for (const [id, n] of acked) {
      const [detail] = await second.say(OFFICER, `报送 查看 ${id}`)
      expect(detail.split('\n')).toEqual(expect.arrayContaining([
        `报送 #${id}`,
        '· 单位：城关镇',
        `· 标题：标题${n}`,
        `· 日期：${date}`,
        `· 人数：${n.toLocaleString('en-US')}人次`,
        '· 主题：宪法',
        expect.stringMatching(new RegExp(`^· 登记：${OFFICER}，`)),
      ]))
    }

    // And as stored: each with its fields and its audit entry, nothing invalid, no duplicates.
    const rows = await second.rows('pufa_report')
    const audits = await second.rows('pufa_report_audit')
    const byId = new Map(rows.map(row => [row.id as number, row]))
    for (const [id, n] of acked) {
      expect(byId.get(id)).toMatchObject({ title: `标题${n}`, date, participants: n, materials: 0, theme: '宪法', status: 'active', source: 'line' })
      expect(audits.filter(audit => audit.reportId === id && audit.action === 'create')).toHaveLength(1)
    }
    // Reports still in flight at the kill may or may not have made it, but only whole.
    const maxAcked = Math.max(...acked.keys())
    for (const row of rows) {
      const { title, date, place, participants, materials } = row
      expect(validateFields({ title, date, place: place || undefined, participants, materials }, shanghaiDate(new Date()))).toEqual([])
      if (!acked.has(row.id)) expect(row.id).toBeGreaterThan(maxAcked)
    }
    expect(new Set(rows.map(row => row.title)).size).toBe(rows.length)
    expect(rows.length).toBeLessThanOrEqual(ACKED + IN_FLIGHT)

    // The restarted bot takes new reports after the old ones.
    const [fresh] = await second.say(OFFICER, `报送 重启后 -d ${date} -p 1 -t 宪法`)
    expect(Number(RECEIPT.exec(fresh)?.[1])).toBeGreaterThan(Math.max(...rows.map(row => row.id)))

    // A graceful stop releases the lock.
    second.child.stdin.end()
    expect(await second.next()).toEqual({ event: 'stopped' })
    expect(await second.waitExit()).toEqual({ code: 0, signal: null })
    expect(await lockHolder(db.file)).toBeUndefined()
  }, 90_000)
})
