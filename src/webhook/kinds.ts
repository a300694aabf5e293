/**
 * The group-robot webhooks we can push to. 政务微信 runs the WeCom protocol on its own
 * host (each deployment has one), so it is a kind of its own with no default host.
 */
export const KINDS = ['wecom', 'zwwx', 'dingtalk', 'feishu', 'lark'] as const
export type WebhookKind = typeof KINDS[number]

export type Protocol = 'wecom' | 'dingtalk' | 'feishu'

export interface KindInfo {
  protocol: Protocol
  /** The real service's origin; '' when every deployment has its own. */
  origin: string
  /** Largest text of one message, in UTF-8 bytes. */
  maxBytes: number
  /** How long the platform holds back a robot that sent too fast, in ms. */
  throttlePause: number
}

const MINUTE = 60_000

export const KIND_INFO: Record<WebhookKind, KindInfo> = {
  // WeCom: text content at most 2048 bytes; over 20 messages a minute answers 45009.
  wecom: { protocol: 'wecom', origin: 'https://qyapi.weixin.qq.com', maxBytes: 2048, throttlePause: MINUTE },
  zwwx: { protocol: 'wecom', origin: '', maxBytes: 2048, throttlePause: MINUTE },
  // DingTalk: text up to about 20,000 bytes; a robot over 20 a minute is held back 10 minutes.
  dingtalk: { protocol: 'dingtalk', origin: 'https://oapi.dingtalk.com', maxBytes: 18_000, throttlePause: 10 * MINUTE },
  // Feishu/Lark: the whole request at most 20 KB; leave room for the JSON around the text.
  feishu: { protocol: 'feishu', origin: 'https://open.feishu.cn', maxBytes: 16_000, throttlePause: MINUTE },
  lark: { protocol: 'feishu', origin: 'https://open.larksuite.com', maxBytes: 16_000, throttlePause: MINUTE },
}

export function platformOf(kind: WebhookKind) {
  return `${kind}-webhook`
}

export function kindOfPlatform(platform: string): WebhookKind | undefined {
  const kind = platform.replace(/-webhook$/, '')
  return platform.endsWith('-webhook') && (KINDS as readonly string[]).includes(kind) ? kind as WebhookKind : undefined
}

const PATHS: Record<Protocol, { path: RegExp; param?: string; token: RegExp }> = {
  wecom: { path: /^\/cgi-bin\/webhook\/send$/, param: 'key', token: /^[A-Za-z0-9-]{16,64}$/ },
  dingtalk: { path: /^\/robot\/send$/, param: 'access_token', token: /^[A-Za-z0-9]{16,128}$/ },
  feishu: { path: /^\/open-apis\/bot\/v2\/hook\/([A-Za-z0-9-]{16,64})$/, token: /^[A-Za-z0-9-]{16,64}$/ },
}

export type AddressError = 'not-https' | 'wrong-host' | 'wrong-path' | 'bad-token' | 'no-origin'

/**
 * The robot's token from what the admin pasted: the whole webhook address or the bare
 * key. An address must be exactly the platform's (scheme, host, port, path, one query
 * parameter), so a pasted link can never send our traffic anywhere else.
 */
export function parseAddress(kind: WebhookKind, input: string, origin: string): { token: string } | { error: AddressError } {
  const { protocol } = KIND_INFO[kind]
  const shape = PATHS[protocol]
  const text = input.trim()
  if (!/^[a-z]+:\/\//i.test(text)) {
    return shape.token.test(text) ? { token: text } : { error: 'bad-token' }
  }
  if (!origin) return { error: 'no-origin' }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return { error: 'wrong-path' }
  }
  const expected = new URL(origin)
  if (url.protocol !== 'https:' && url.protocol !== expected.protocol) return { error: 'not-https' }
  if (url.origin !== expected.origin || url.username || url.password) return { error: 'wrong-host' }
  const path = shape.path.exec(url.pathname)
  if (!path || url.hash) return { error: 'wrong-path' }
  const params = [...url.searchParams.keys()]
  let token: string | null
  if (shape.param) {
    if (params.length !== 1 || params[0] !== shape.param) return { error: 'wrong-path' }
    token = url.searchParams.get(shape.param)
  } else {
    if (params.length) return { error: 'wrong-path' }
    token = path[1]
  }
  return token && shape.token.test(token) ? { token } : { error: 'bad-token' }
}

/** The address to post to, built from the configured origin; never shown or logged. */
export function sendUrl(kind: WebhookKind, origin: string, token: string, query: Record<string, string> = {}): string {
  const { protocol } = KIND_INFO[kind]
  if (protocol === 'feishu') return `${origin}/open-apis/bot/v2/hook/${encodeURIComponent(token)}`
  const path = protocol === 'wecom' ? '/cgi-bin/webhook/send' : '/robot/send'
  const params = new URLSearchParams({ [protocol === 'wecom' ? 'key' : 'access_token']: token, ...query })
  return `${origin}${path}?${params}`
}

/** Whether an origin may be configured: https, or plain http on loopback (for a local test server). */
export function isAllowedOrigin(origin: string): boolean {
  try {
    const url = new URL(origin)
    if (url.pathname !== '/' || url.search || url.hash || url.username) return false
    return url.protocol === 'https:' || (url.protocol === 'http:' && url.hostname === '127.0.0.1')
  } catch {
    return false
  }
}
