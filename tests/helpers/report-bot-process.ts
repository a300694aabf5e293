/**
 * One bot as deployed (createBot: the project's plugins and config/, the mock platform) on a
 * given SQLite file, in a process of its own, driven line by line, for tests that kill it:
 *
 *   node -r esbuild-register -r yml-register tests/helpers/report-bot-process.ts <file>
 *
 * stdout carries only protocol lines, one JSON object each (Koishi's log goes to stderr):
 *   first  {"event":"ready","pid":123}   the app started and the reports service is up
 *      or  {"event":"failed","errors":[…]} it did not (e.g. another process holds the file); exit 1
 * stdin, one JSON object a line, handled strictly in order:
 *   {"id":1,"userId":"u","channelId":"g","text":"报送 …"}  → {"id":1,"replies":["…"]}
 *   {"id":2,"op":"rows","table":"pufa_report"}            → {"id":2,"rows":[…]}
 * A reply line is written only after the bot has answered the message, i.e. after the
 * command's writes have returned. Closing stdin stops the app gracefully:
 * {"event":"stopped"}, exit 0. A request that cannot be handled answers {"event":"error",…}.
 */
import { createInterface } from 'node:readline'
import { format } from 'node:util'
import { Logger } from 'koishi'
import { createBot } from './bot'

// Keep stdout for the protocol: every console.log (Koishi's log target prints with it) goes to stderr.
console.log = console.info = (...args: unknown[]) => void process.stderr.write(format(...args) + '\n')

const write = (message: object) => process.stdout.write(JSON.stringify(message) + '\n')

type Request =
  | { id?: number; userId: string; channelId?: string; text: string }
  | { id?: number; op: 'rows'; table: string }

async function main() {
  const file = process.argv[2]
  if (!file) throw new Error('usage: report-bot-process.ts <database file>')
  const errors: string[] = []
  Logger.targets.push({ colors: 0, record: record => void (record.type === 'error' && errors.push(record.content)) })

  const t = await createBot({ file })
  // A plugin that fails to start (the database one refusing a locked file) is only logged;
  // without a database the reports service never comes up.
  if (!t.app.get('pufaReports')) {
    write({ event: 'failed', errors })
    process.exit(1)
  }
  write({ event: 'ready', pid: process.pid })

  const clients = new Map<string, ReturnType<typeof t.client>>()
  const client = (userId: string, channelId?: string) => {
    const key = `${userId}|${channelId ?? ''}`
    if (!clients.has(key)) clients.set(key, t.client(userId, channelId))
    return clients.get(key)!
  }

  let queue = Promise.resolve()
  const lines = createInterface({ input: process.stdin })
  lines.on('line', (line) => {
    if (!line.trim()) return
    queue = queue.then(async () => {
      const request = JSON.parse(line) as Request
      if ('op' in request) {
        const rows = await t.app.database.get(request.table as any, {})
        write({ id: request.id, rows })
      } else {
        const replies = await client(request.userId, request.channelId).receive(request.text)
        write({ id: request.id, replies })
      }
    }).catch(error => void write({ event: 'error', line, error: String(error?.stack ?? error) }))
  })
  lines.on('close', () => {
    queue = queue.then(async () => {
      await t.stop()
      write({ event: 'stopped' })
      process.exit(0)
    })
  })
}

main().catch((error) => {
  write({ event: 'failed', errors: [String(error?.stack ?? error)] })
  process.exit(1)
})
