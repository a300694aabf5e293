import { KIND_INFO, sendUrl, WebhookKind } from './kinds'
import { dingtalkSign, feishuSign } from './sign'

export interface Robot {
  kind: WebhookKind
  token: string
  /** Signing secret ('' when the robot is not signed). */
  secret: string
}

export interface WebhookRequest {
  url: string
  body: Record<string, unknown>
}

/** One text message as the robot's platform wants it, signed when the robot has a secret. */
export function buildRequest(robot: Robot, origin: string, text: string, now: number): WebhookRequest {
  const { protocol } = KIND_INFO[robot.kind]
  if (protocol === 'feishu') {
    const body: Record<string, unknown> = { msg_type: 'text', content: { text } }
    if (robot.secret) {
      const timestamp = Math.floor(now / 1000)
      Object.assign(body, { timestamp: String(timestamp), sign: feishuSign(robot.secret, timestamp) })
    }
    return { url: sendUrl(robot.kind, origin, robot.token), body }
  }
  const query: Record<string, string> = {}
  if (protocol === 'dingtalk' && robot.secret) {
    Object.assign(query, { timestamp: String(now), sign: dingtalkSign(robot.secret, now) })
  }
  return { url: sendUrl(robot.kind, origin, robot.token, query), body: { msgtype: 'text', text: { content: text } } }
}

/** Answers that mean “too many messages, wait”, by protocol. */
const THROTTLE_CODES: Record<string, number[]> = {
  wecom: [45009],
  dingtalk: [130101, 660026],
  feishu: [9499, 11232],
}

export type Verdict =
  | { ok: true }
  | { ok: false; throttled: boolean; code: number | string; message: string }

/**
 * What the platform said. All three answer HTTP 200 for most failures, with a non-zero
 * `errcode` (WeCom, DingTalk) or `code`/`StatusCode` (Feishu): only an explicit 0 is success.
 */
export function readResponse(kind: WebhookKind, status: number, data: unknown): Verdict {
  const { protocol } = KIND_INFO[kind]
  const body = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>
  const code = protocol === 'feishu' ? body.code ?? body.StatusCode : body.errcode
  const message = String((protocol === 'feishu' ? body.msg ?? body.StatusMessage : body.errmsg) ?? '')
  if (status === 429) return { ok: false, throttled: true, code: 429, message: message || 'too many requests' }
  if (status >= 200 && status < 300 && code === 0) return { ok: true }
  if (code === undefined || code === null) {
    return { ok: false, throttled: false, code: `http ${status}`, message: 'unexpected response' }
  }
  return { ok: false, throttled: THROTTLE_CODES[protocol].includes(Number(code)), code: code as number, message }
}
