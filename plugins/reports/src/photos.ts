import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Context, h, Session } from 'koishi'
import { imageExtension } from '../../../src/reports/photo-type'
import { Config } from './config'

export type PhotoResult = { saved: string[]; problems: string[] }

// A picture arrives as an <img> element among the words of a message; it is a photo, not text.
const IMAGE_ELEMENT = /<img\b[^>]*>(?:\s*<\/img>)?/gi

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

/**
 * Saves the pictures of a message right away (platform links expire) under
 * data/attachments/<sha256>.<ext>: the same picture sent twice is stored once.
 * Returns the file names, and a localized problem for each picture refused.
 */
export async function savePhotos(ctx: Context, config: Config, session: Session): Promise<PhotoResult> {
  const images = h.select(session.elements ?? [], 'img')
  const result: PhotoResult = { saved: [], problems: [] }
  if (!images.length) return result
  const dir = resolve(ctx.baseDir, config.attachments)
  mkdirSync(dir, { recursive: true })
  for (const [index, image] of images.entries()) {
    const n = index + 1
    let bytes: Uint8Array
    try {
      bytes = new Uint8Array(await ctx.http.get<ArrayBuffer>(image.attrs.src, { responseType: 'arraybuffer' }))
    } catch {
      result.problems.push(session.text('pufa-reports.photo.download-failed', [n]))
      continue
    }
    if (bytes.length > config.maxPhotoBytes) {
      result.problems.push(session.text('pufa-reports.photo.too-large', [n, sizeText(session, config.maxPhotoBytes)]))
      continue
    }
    const ext = imageExtension(bytes)
    if (!ext) {
      result.problems.push(session.text('pufa-reports.photo.not-image', [n]))
      continue
    }
    const name = `${createHash('sha256').update(bytes).digest('hex')}.${ext}`
    const path = join(dir, name)
    if (!existsSync(path)) writeFileSync(path, bytes)
    result.saved.push(name)
  }
  return result
}
