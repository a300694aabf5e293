import { Argv, Context, Session } from 'koishi'

/** 报送 and its subcommands, as typed or as dispatched (报送.修改). */
const REPORT_COMMAND = /^\s*\/?报送(?:[.\s]|$)/

const CLOSING: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’' }

/**
 * Koishi reads a word that opens with a quote up to a closing quote followed by a space,
 * so in `报送 “法律八进”之法律进企业 -l 园区 -p 240` the rest of the message, options and
 * all, became one word, and `-T “法律八进” -l 园区` lost its quotes. A word joiner (U+2060,
 * dropped again by normalizeText) before such a quote makes it text. Left to Koishi, which
 * groups and unquotes them: straight quotes that close before a space (`-l "城关 小学"`),
 * and any quotes around a space, as people quote a value with spaces in it.
 */
export function escapeQuotes(content: string): string {
  return content.replace(/(^|\s)(["'“‘])/g, (match, space: string, quote: string, offset: number) => {
    const start = offset + match.length
    const close = content.indexOf(CLOSING[quote], start)
    const closes = close >= 0 && (close + 1 === content.length || /\s/.test(content[close + 1]))
    const spaced = closes && /\s/.test(content.slice(start, close))
    const kept = closes && (spaced || quote === '"' || quote === "'")
    return kept ? match : `${space}\u2060${quote}`
  })
}

export function keepQuotes(ctx: Context) {
  // Koishi types the listener as always returning an Argv; returning nothing leaves the
  // message to its own parser, as for every other command.
  const parse = (content: string, session: Session): Argv | undefined => {
    if (!REPORT_COMMAND.test(content)) return
    // The same condition as Koishi's own parser: in a group, only what is addressed to the bot.
    const { isDirect, stripped: { prefix, appel } } = session
    if (!isDirect && typeof prefix !== 'string' && !appel) return
    return Argv.parse(escapeQuotes(content))
  }
  ctx.before('parse', parse as (content: string, session: Session) => Argv)
}
