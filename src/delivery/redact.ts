/**
 * Adapter errors quote the request they failed on, URL and headers included, so they can
 * carry access tokens, webhook keys and signatures. Errors pass through here before they
 * are stored in the delivery log or written to the log file.
 */
const MASK = '***'

const SECRET_NAMES = 'access_token|accessToken|token|key|sign|signature|secret|app_secret|appSecret|client_secret|clientSecret|password|timestamp_sign'

const RULES: [RegExp, string][] = [
  // query strings and form bodies: ?access_token=…&key=…
  // (tokens are URL-safe characters; a value already masked as …a1b2 is left as it is)
  [new RegExp(`([?&;\\s]|^)(${SECRET_NAMES})=[\\w%+/=.~-]+`, 'gi'), `$1$2=${MASK}`],
  // Feishu custom-bot webhooks carry their secret in the path: /open-apis/bot/v2/hook/…
  [/(\/bot\/v2\/hook\/)[\w%.~-]+/gi, `$1${MASK}`],
  // JSON: "secret": "…"
  [new RegExp(`("(?:${SECRET_NAMES})"\\s*:\\s*)"[^"]*"`, 'gi'), `$1"${MASK}"`],
  // Authorization headers: Bearer …, QQBot …, Bot …
  [/\b(Bearer|QQBot|Bot)\s+[\w.~+/=-]{8,}/g, `$1 ${MASK}`],
  // credentials inside a URL: https://user:pass@host
  [/(\w+:\/\/)[^/\s:@]+:[^/\s@]+@/g, `$1${MASK}@`],
]

/** The text with every token, key, signature and secret replaced by ***. */
export function redactSecrets(text: string): string {
  return RULES.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text)
}

/** A redacted error cut to `max` characters on one line, for the log and the delivery log. */
export function shortError(text: string, max: number): string {
  const line = redactSecrets(text).replace(/\s+/g, ' ').trim()
  return line.length > max ? line.slice(0, max - 1) + '…' : line
}
