import { basename } from 'node:path'
import { pathToFileURL } from 'node:url'
import { h, Session } from 'koishi'

/** How a saved file reached the person who asked for it. */
export type FileDelivery = 'sent-here' | 'sent-private' | 'failed' | 'unsupported'

/**
 * Sends a saved file to the person who asked, never into a group: in a private chat right
 * there, from a group by private message. `unsupported` where the platform's adapter takes
 * no files; the caller then says where the file was saved.
 */
export async function sendFileToAsker(session: Session, filePlatforms: string[], file: string): Promise<FileDelivery> {
  if (!filePlatforms.includes(session.platform.split(':')[0])) return 'unsupported'
  // A title spares adapters (OneBot) from reading the whole file just to learn its name.
  const element = h.file(pathToFileURL(file).href, { title: basename(file) })
  // session.send logs a failed send and returns no ids: an empty answer is a failure too.
  let ids: string[] = []
  try {
    ids = session.isDirect ? await session.send(element) : await session.bot.sendPrivateMessage(session.userId!, element)
  } catch {}
  if (!ids.length) return 'failed'
  return session.isDirect ? 'sent-here' : 'sent-private'
}
