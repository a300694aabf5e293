import { createHmac } from 'node:crypto'

/**
 * DingTalk custom robot signature: HMAC-SHA256 keyed with the secret over
 * `timestamp + "\n" + secret`, base64. The timestamp is in milliseconds; both go in the
 * query string as `timestamp` and `sign` (URL-encoding is left to the query builder).
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64')
}

/**
 * Feishu/Lark custom bot signature: HMAC-SHA256 keyed with `timestamp + "\n" + secret`
 * over an empty message, base64. The timestamp is in seconds; both go in the JSON body.
 */
export function feishuSign(secret: string, timestampSec: number): string {
  return createHmac('sha256', `${timestampSec}\n${secret}`).update('').digest('base64')
}
