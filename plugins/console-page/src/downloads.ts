import { randomBytes } from 'node:crypto'
import { createReadStream, existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import JSZip from 'jszip'
import { Context } from 'koishi'
import {} from '@koishijs/plugin-server'
import { parsePeriod, Period } from '../../../src/ledger/periods'
import { LocalDate } from '../../../src/time/local-date'
import { reportQuery } from '../../ledger/src/queries'
import { writeScopeWorkbook } from '../../ledger/src/workbook-file'
import { attachmentsDir } from '../../reports/src/photos'
import { problemText } from './period-problem'

export type DownloadKind = 'xlsx' | 'photos'

/** The answer to a download request: a one-time link, or why the period could not be read. */
export type DownloadReply = { url: string; name: string } | { problem: string }

/** How long a download link works after the page asked for it; the browser follows it at once. */
const LINK_MS = 60_000
export const ROUTE = '/pufa-console/download'
/** Folder of the photos inside the zip, beside the workbook that links to them. */
const PHOTO_FOLDER = 'photos'

interface Ticket {
  kind: DownloadKind
  period: Period
  expires: number
}

/**
 * Downloads behind the admin login: the page asks (a console call, authority checked) for a
 * link holding a random one-time token, and the HTTP route serves the file only for that
 * token. Whoever reaches the port without one gets a 404 and no file.
 */
export class Downloads {
  private tickets = new Map<string, Ticket>()

  constructor(private ctx: Context) {
    ctx.server.get(`${ROUTE}/:token`, async (koa) => {
      const ticket = this.take(koa.params.token)
      if (!ticket) {
        koa.status = 404
        // Some text: the console serves its own page for any request left without a body.
        koa.body = ctx.i18n.render(['zh-CN'], ['pufa-console.download-expired'], {}).join('')
        return
      }
      const { name, dir, stream } = await this.build(ticket)
      const done = () => rm(dir, { recursive: true, force: true })
      ;(stream as NodeJS.EventEmitter).once('close', done).once('end', done)
      koa.attachment(name)
      koa.set('Cache-Control', 'no-store')
      koa.body = stream
    })
  }

  issue(kind: DownloadKind, text: string, today: LocalDate): DownloadReply {
    const parsed = parsePeriod(text, today, this.ctx.pufaContent.calendar)
    if (!parsed.ok) return { problem: problemText(this.ctx, parsed.problem) }
    const now = Date.now()
    for (const [token, ticket] of this.tickets) if (ticket.expires <= now) this.tickets.delete(token)
    const token = randomBytes(24).toString('hex')
    this.tickets.set(token, { kind, period: parsed.period, expires: now + LINK_MS })
    return { url: `${ROUTE}/${token}`, name: fileName(kind, parsed.period) }
  }

  /** The ticket of a token, used up by this call. */
  private take(token: string) {
    const ticket = this.tickets.get(token)
    this.tickets.delete(token)
    return ticket && ticket.expires > Date.now() ? ticket : undefined
  }

  /** The file, written to a folder of its own that goes once it has been sent. */
  private async build({ kind, period }: Ticket) {
    const dir = await mkdtemp(join(tmpdir(), 'pufa-download-'))
    const now = new Date()
    const notOfficer = this.ctx.i18n.render(['zh-CN'], ['commands.导出.messages.not-officer'], {}).join('')
    const workbook = join(dir, fileName('xlsx', period))
    await writeScopeWorkbook(this.ctx, { period }, workbook, { notOfficer, now, photoFolder: kind === 'photos' ? PHOTO_FOLDER : undefined })
    if (kind === 'xlsx') return { name: fileName(kind, period), dir, stream: createReadStream(workbook) }
    const zip = new JSZip()
    zip.file(fileName('xlsx', period), createReadStream(workbook))
    const photos = attachmentsDir(this.ctx, this.ctx.pufaReports.config)
    for (const name of await keptPhotos(this.ctx, period)) {
      const file = join(photos, name)
      if (existsSync(file)) zip.file(`${PHOTO_FOLDER}/${name}`, createReadStream(file))
    }
    // Stored, not compressed: photos are compressed already.
    const stream = zip.generateNodeStream({ streamFiles: true, compression: 'STORE' })
    return { name: fileName(kind, period), dir, stream }
  }
}

function fileName(kind: DownloadKind, period: Period) {
  return `台账-${period.from}_${period.to}.${kind === 'xlsx' ? 'xlsx' : 'zip'}`
}

/** Names of the photos still kept with the period's active reports. */
async function keptPhotos(ctx: Context, period: Period) {
  const names = new Set<string>()
  let after = 0
  for (;;) {
    const rows = await ctx.database.get('pufa_report', { ...reportQuery({ period }), id: { $gt: after } }, { fields: ['id', 'photos', 'photosExpiredAt'], sort: { id: 'asc' }, limit: 2000 })
    for (const row of rows) if (!row.photosExpiredAt) row.photos.forEach(name => names.add(name))
    if (rows.length < 2000) return names
    after = rows[rows.length - 1].id
  }
}
