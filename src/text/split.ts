/**
 * Splits text into parts of at most `max` characters for platforms that cap a message,
 * preferring line breaks, then sentence ends (。；！？), and cutting mid-sentence only when
 * one sentence is longer than a whole part.
 */
export function splitText(text: string, max: number): string[] {
  if (max < 1) throw new RangeError('max must be positive')
  const parts: string[] = []
  let rest = text
  while (rest.length > max) {
    // A line break may sit just past the limit (it is dropped); a sentence end must fit.
    let cut = lastBreak(rest.slice(0, max + 1), '\n') ?? lastBreak(rest.slice(0, max), '。；！？!?;') ?? lastBreak(rest.slice(0, max), '，、,') ?? max
    // Never between the two halves of an emoji.
    if (cut > 1 && /[\uD800-\uDBFF]/.test(rest[cut - 1])) cut--
    parts.push(rest.slice(0, cut).trimEnd())
    rest = rest.slice(cut).replace(/^\n+/, '')
  }
  if (rest || !parts.length) parts.push(rest)
  return parts
}

/** Position just after the last of `chars` in the window, if it leaves a useful part. */
function lastBreak(window: string, chars: string): number | undefined {
  for (let i = window.length - 1; i > window.length / 3; i--) {
    if (chars.includes(window[i])) return window[i] === '\n' ? i : i + 1
  }
}
