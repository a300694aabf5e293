// Shared by the tests/reports-*.spec.ts conversation tests: officers, tables, and pictures.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import { createServer } from 'node:http'
import { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { deflateSync } from 'node:zlib'
import { App } from 'koishi'
import { expect } from 'vitest'
import { ReportTotal } from '../../plugins/reports/src/models'
import { ADMIN, TestBot } from './bot'

type Client = ReturnType<TestBot['client']>

/** The code in an invite as the admin gets it: K7MP-3QXA-9RTW. */
/**
 * A valid invite code for a unit, stored as 「单位 邀请」 stores it. For platform tests whose
 * fake has no private chat: the code itself goes to the admin privately, never into the group.
 */
export async function storedInvite(app: App, unit: string) {
  const [row] = await app.database.get('pufa_unit', { name: unit })
  const code = 'TESTK7MP3QXA'
  const now = new Date()
  await app.database.create('pufa_invite', { code, unitId: row.id, createdBy: 'test', createdAt: now, expiresAt: new Date(+now + 86_400_000), usedBy: '', usedAt: null! })
  return code
}

export function codeIn(invite: string) {
  const code = /邀请码：([A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4})\n/.exec(invite)?.[1]
  expect(code, invite).toBeDefined()
  return code!
}

/** Asks for an invite in a private chat with the bot, as an admin does: the code. */
export async function invite(t: TestBot, unit: string) {
  const [reply] = await t.client(ADMIN).receive(`单位 邀请 ${unit}`)
  return codeIn(reply)
}

/**
 * A group member who addresses the bot with an @ in every message, as an officer answering
 * the bot's questions in a group must (what is not addressed to it is chat).
 */
export function addressing<C extends Client>(client: C, selfId = '514'): C {
  const wrapped: C = Object.create(client)
  wrapped.receive = (content: string) => client.receive(`<at id="${selfId}"/> ${content}`)
  return wrapped
}

/** The line a question or summary ends with in a group. */
export const GROUP_HINT = '（在群里回答请 @我 或引用回复我的消息，其他聊天我不会当作回答。）'

/** Gives `userId` an invite to `unit` from the admin and binds it, checking the reply. */
export async function bindOfficer(t: TestBot, userId: string, unit: string, channelId = 'g1') {
  const code = await invite(t, unit)
  expect(await t.client(userId, channelId).receive(`绑定 ${code}`)).toEqual([`绑定成功，你现在是「${unit}」的联络员。活动结束后发送「报送」即可登记。`])
}

export async function unitId(t: TestBot, name: string) {
  const [unit] = await t.app.database.get('pufa_unit', { name })
  return unit.id
}

export const reportRows = (t: TestBot) => t.app.database.get('pufa_report', {}, { sort: { id: 'asc' } })

/** Kept totals in one order: period, then unit. */
export const sortTotals = (rows: ReportTotal[]) => rows.sort((a, b) => a.period.localeCompare(b.period) || a.unitId - b.unitId)

/**
 * The kept totals recounted from the report rows, independently of the code that keeps
 * them: each active report in its year (2026), quarter (2026Q4) and month (2026-12).
 */
export async function recountTotals(t: TestBot): Promise<ReportTotal[]> {
  const totals = new Map<string, ReportTotal>()
  for (const report of await reportRows(t)) {
    if (report.status !== 'active') continue
    const year = report.date.slice(0, 4), month = Number(report.date.slice(5, 7))
    for (const period of [year, `${year}Q${Math.ceil(month / 3)}`, report.date.slice(0, 7)]) {
      const key = `${period}:${report.unitId}`
      const row = totals.get(key) ?? { period, unitId: report.unitId, count: 0, participants: 0, materials: 0, lastDate: '' }
      row.count++
      row.participants += report.participants
      row.materials += report.materials
      if (report.date > row.lastDate) row.lastDate = report.date
      totals.set(key, row)
    }
  }
  return sortTotals([...totals.values()])
}
export const auditRows = (t: TestBot) => t.app.database.get('pufa_report_audit', {}, { sort: { id: 'asc' } })
export const draftRows = (t: TestBot) => t.app.database.get('pufa_report_draft', {})

/** Report photos saved by the bot: the attachments folder createBot puts next to the database file. */
export function attachmentsDir(t: TestBot) {
  return join(dirname(t.file!), 'attachments')
}

export function savedFiles(t: TestBot) {
  const dir = attachmentsDir(t)
  return existsSync(dir) ? readdirSync(dir).sort() : []
}

export function sha256(bytes: Uint8Array) {
  return createHash('sha256').update(bytes).digest('hex')
}

// ───────────── pictures ─────────────

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes: Buffer) {
  let c = 0xffffffff
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function pngChunk(type: string, data: Buffer) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** A valid 1×1 RGB PNG of the given colour (different colours, different files). */
export function png(rgb: [number, number, number] = [255, 0, 0]) {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(1, 0) // width
  header.writeUInt32BE(1, 4) // height
  header[8] = 8 // bit depth
  header[9] = 2 // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.from([0, ...rgb]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}

/** The classic valid 1×1 transparent GIF (43 bytes). */
export function gif() {
  return Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')
}

/**
 * A throwaway picture host on 127.0.0.1, as a chat platform's image links are: serves the
 * given bodies by path (everything labelled as an image, whatever it is) and 404 otherwise.
 */
export async function pictureServer(files: Record<string, Uint8Array>) {
  const requests: string[] = []
  const server = createServer((req, res) => {
    requests.push(req.url!)
    const body = files[req.url!]
    if (!body) {
      res.statusCode = 404
      res.end()
      return
    }
    res.setHeader('content-type', req.url!.endsWith('.png') ? 'image/png' : 'image/jpeg')
    res.end(body)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const url = (path: string) => `http://127.0.0.1:${port}${path}`
  return {
    requests,
    url,
    /** The element a chat message carries for a picture. */
    img: (path: string) => `<img src="${url(path)}"/>`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

/** A port on 127.0.0.1 that nothing listens on any more: connections are refused. */
export async function closedPort() {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>(resolve => server.close(() => resolve()))
  return port
}
