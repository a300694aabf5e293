const encoder = new TextEncoder()

export function utf8Bytes(text: string): number {
  return encoder.encode(text).length
}

/** Cuts a piece that has no line break into parts of at most `maxBytes`, by code point. */
function cutLine(line: string, maxBytes: number): string[] {
  const parts: string[] = []
  let current = '', size = 0
  for (const char of line) {
    const bytes = utf8Bytes(char)
    if (size + bytes > maxBytes && current) {
      parts.push(current)
      current = '', size = 0
    }
    current += char
    size += bytes
  }
  if (current) parts.push(current)
  return parts
}

/** Packs pieces joined by `separator` greedily into parts of at most `maxBytes`. */
function pack(pieces: string[], separator: string, maxBytes: number, inner: (piece: string) => string[]): string[] {
  const parts: string[] = []
  let current: string | undefined
  for (const piece of pieces) {
    const joined = current === undefined ? piece : current + separator + piece
    if (utf8Bytes(joined) <= maxBytes) {
      current = joined
      continue
    }
    if (current !== undefined) parts.push(current)
    current = undefined
    if (utf8Bytes(piece) <= maxBytes) {
      current = piece
    } else {
      const cut = inner(piece)
      parts.push(...cut.slice(0, -1))
      current = cut[cut.length - 1]
    }
  }
  if (current !== undefined && current !== '') parts.push(current)
  return parts
}

/**
 * Splits a message into parts of at most `maxBytes` UTF-8 bytes for platforms that cap a
 * message's size: at paragraph breaks first, then at line breaks, and inside an overlong
 * line by character (never inside a character). Joining the parts with the breaks they
 * were cut at gives the message back.
 */
export function splitMessage(text: string, maxBytes: number): string[] {
  if (maxBytes < 4) throw new RangeError('maxBytes must hold one character')
  if (utf8Bytes(text) <= maxBytes) return [text]
  const byLine = (paragraph: string) => pack(paragraph.split('\n'), '\n', maxBytes, line => cutLine(line, maxBytes))
  return pack(text.split('\n\n'), '\n\n', maxBytes, byLine)
}
