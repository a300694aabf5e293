import { createHash } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, renameSync, utimesSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Context, h, Session } from 'koishi'
import { pictureLink } from '../../../src/net/address-policy'
import { download, DownloadResult } from '../../../src/net/download'
import { imageExtension } from '../../../src/reports/photo-type'
import { Config } from './config'

export type PhotoResult = { saved: string[]; problems: string[] }

// A picture arrives as an <img> element among the words of a message; it is a photo, not text.
const IMAGE_ELEMENT = /<img\b[^>]*>(?:\s*<\/img>)?/gi

/** Redirects followed for one picture link; platform CDNs use one or two. */
const MAX_REDIRECTS = 5

/** The typed text of a message or word, without its pictures. */
export function withoutImages(text: string) {
  return text.replace(IMAGE_ELEMENT, '').trim()
}

/** A size limit as people read it: 10 MB, 1.5 MB, 200 KB. */
function sizeText(session: Session, bytes: number) {
  const mb = bytes / 1024 / 1024
  if (mb >= 1) return session.text('pufa-reports.photo.size-mb', [Number(mb.toFixed(1))])
  return session.text('pufa-reports.photo.size-kb', [Number((bytes / 1024).toFixed(1))])
}

/** The attachments folder, readable by the bot's own user only. */
export function attachmentsDir(ctx: Context, config: Config) {
  const dir = resolve(ctx.baseDir, config.attachments)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  chmodSync(dir, 0o700)
  return dir
}

/**
 * A platform's own file API (internal: links, e.g. Lark's message resources) through its
 * adapter, which holds the credentials; the adapter reads the whole body, so the size is
 * checked after it arrives, and the time limit still applies.
 */
async function fromPlatform(ctx: Context, config: Config, src: string): Promise<DownloadResult> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<DownloadResult>((done) => {
    timer = setTimeout(() => done({ ok: false, reason: 'timeout' }), config.photoTimeout)
  })
  const file = ctx.http.file(src).then(
    ({ data }): DownloadResult => data.byteLength > config.maxPhotoBytes ? { ok: false, reason: 'too-large' } : { ok: true, bytes: Buffer.from(data) },
    (): DownloadResult => ({ ok: false, reason: 'failed' }),
  )
  try {
    return await Promise.race([file, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** A data: link carries its bytes; only base64 images are taken. */
function fromInline(config: Config, src: string): DownloadResult {
  const base64 = /^data:[\w/.+-]*;base64,([\s\S]*)$/.exec(src)?.[1]
  if (base64 === undefined) return { ok: false, reason: 'failed' }
  if (Math.floor(base64.length * 3 / 4) > config.maxPhotoBytes + 2) return { ok: false, reason: 'too-large' }
  const bytes = Buffer.from(base64, 'base64')
  return bytes.length > config.maxPhotoBytes ? { ok: false, reason: 'too-large' } : { ok: true, bytes }
}

function fetchPicture(ctx: Context, config: Config, src: string): Promise<DownloadResult> | DownloadResult {
  switch (pictureLink(src)) {
    case 'network': return download(src, {
      maxBytes: config.maxPhotoBytes,
      connectTimeout: config.photoConnectTimeout,
      timeout: config.photoTimeout,
      maxRedirects: MAX_REDIRECTS,
      privateHosts: config.allowPrivateHosts,
    })
    case 'inline': return fromInline(config, src)
    case 'platform': return fromPlatform(ctx, config, src)
    case 'refused': return { ok: false, reason: 'refused' }
  }
}

/**
 * Saves the pictures of a message right away (platform links expire) under
 * data/attachments/<sha256>.<ext>: the same picture sent twice is stored once.
 * Returns the file names, and a localized problem for each picture refused.
 */
export async function savePhotos(ctx: Context, config: Config, session: Session): Promise<PhotoResult> {
  const images = h.select(session.elements ?? [], 'img')
  const result: PhotoResult = { saved: [], problems: [] }
  if (!images.length) return result
  const dir = attachmentsDir(ctx, config)
  for (const [index, image] of images.entries()) {
    const n = index + 1
    const fetched = await fetchPicture(ctx, config, String(image.attrs.src ?? ''))
    if (!fetched.ok) {
      result.problems.push(
        fetched.reason === 'too-large' ? session.text('pufa-reports.photo.too-large', [n, sizeText(session, config.maxPhotoBytes)])
        : fetched.reason === 'timeout' ? session.text('pufa-reports.photo.download-timeout', [n, Math.round(config.photoTimeout / 1000)])
        : fetched.reason === 'refused' ? session.text('pufa-reports.photo.link-refused', [n])
        : session.text('pufa-reports.photo.download-failed', [n]))
      continue
    }
    const bytes = fetched.bytes
    const ext = imageExtension(bytes)
    if (!ext) {
      result.problems.push(session.text('pufa-reports.photo.not-image', [n]))
      continue
    }
    const name = `${createHash('sha256').update(bytes).digest('hex')}.${ext}`
    const path = join(dir, name)
    if (!existsSync(path)) {
      // Written beside and renamed into place: a name is only ever a whole picture.
      const temp = `${path}.${process.pid}.tmp`
      writeFileSync(temp, bytes, { mode: 0o600 })
      renameSync(temp, path)
    }
    // Its age is when it was last received: the clean-up keeps recent pictures no report names yet.
    const now = new Date()
    utimesSync(path, now, now)
    result.saved.push(name)
  }
  return result
}
