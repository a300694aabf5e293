/**
 * What a failed send or claim means. Adapters throw HTTP errors carrying the platform's
 * response (`response.data`), satori wraps them in an error with `errors`, and database
 * drivers report a unique-key clash each their own way: all of that is read here, in one
 * place, without depending on any of those libraries.
 */

interface ErrorLike {
  message?: unknown
  code?: unknown
  errors?: unknown
  cause?: unknown
  response?: { status?: unknown; data?: unknown }
}

/** The error and the errors it wraps (satori's AggregateError, `cause`), a few levels deep. */
function* unwrap(error: unknown, depth = 0): Generator<ErrorLike> {
  if (!error || typeof error !== 'object' || depth > 3) return
  const e = error as ErrorLike
  yield e
  if (Array.isArray(e.errors)) for (const inner of e.errors) yield* unwrap(inner, depth + 1)
  if (e.cause) yield* unwrap(e.cause, depth + 1)
}

function platformCodes(e: ErrorLike): number[] {
  const data = e.response?.data as { code?: unknown; err_code?: unknown } | undefined
  return [data?.code, data?.err_code].map(Number).filter(Number.isFinite)
}

/**
 * Platform answers meaning “this bot may not post here unprompted, only reply”: QQ's
 * official API refuses proactive group messages with 40034105 (无权限) or 11255.
 */
const NO_PROACTIVE_CODES = new Set([40034105, 11255])
const NO_PROACTIVE_TEXT = /\b(40034105|11255)\b|主动消息.*(权限|限制)/

/** Whether a send failed because the group accepts replies only, not proactive posts. */
export function isProactiveRefusal(error: unknown): boolean {
  for (const e of unwrap(error)) {
    if (platformCodes(e).some(code => NO_PROACTIVE_CODES.has(code))) return true
    if (typeof e.message === 'string' && NO_PROACTIVE_TEXT.test(e.message)) return true
  }
  return false
}

/**
 * Whether a database insert failed only because the row exists (a unique-key clash),
 * as opposed to the database being unavailable. SQLite's WASM driver throws a plain
 * Error; the other minato drivers throw RuntimeError code 'duplicate-entry'.
 */
export function isUniqueClash(error: unknown): boolean {
  const e = error as ErrorLike | undefined
  if (e?.code === 'duplicate-entry') return true
  return typeof e?.message === 'string' && e.message.includes('UNIQUE constraint failed')
}

/** One line describing a send error: its message, or the platform's answer it wraps. */
export function describeError(error: unknown): string {
  const parts: string[] = []
  for (const e of unwrap(error)) {
    const data = e.response?.data as { code?: unknown; message?: unknown } | undefined
    if (data && (data.code !== undefined || data.message !== undefined)) {
      parts.push([data.code, data.message].filter(part => part !== undefined && part !== '').join(' '))
    } else if (typeof e.message === 'string' && e.message) {
      // OneBot quotes the whole request, message text included, before its retcode.
      parts.push(e.message.replace(/,\s*args:\s*[\s\S]*?(?=,\s*retcode:)/, ''))
    }
  }
  return [...new Set(parts)].join('; ') || String(error)
}
