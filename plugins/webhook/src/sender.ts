import { Context } from 'koishi'
import { KIND_INFO } from '../../../src/webhook/kinds'
import { DeliveredParts } from '../../../src/webhook/delivered-parts'
import { buildRequest, readResponse } from '../../../src/webhook/protocol'
import { SlidingWindow } from '../../../src/webhook/rate-limit'
import { redact } from '../../../src/webhook/redact'
import { splitMessage } from '../../../src/webhook/split'
import { Config } from './config'
import { WebhookRobot } from './models'

const WINDOW = 60_000

/**
 * Posts text to group robots: split to the platform's size, at most `perMinute` posts a
 * minute per robot (waiting up to `maxWait`, else failing before anything is sent), each
 * answer's code checked, and a throttle answer holding the robot back. A split message
 * that failed part-way resumes at the failed part when it is sent again.
 */
export class WebhookSender {
  private windows = new Map<number, SlidingWindow>()
  private delivered = new DeliveredParts()
  private logger

  constructor(private ctx: Context, private config: Config) {
    this.logger = ctx.logger('pufa-webhook')
  }

  /** A failed send's error, its message redacted: fit to store, log and show. */
  private error(path: string, params: object, robot: WebhookRobot, part?: { index: number; total: number }) {
    // Which part of a split message failed: the earlier ones did arrive.
    const where = part && part.total > 1 ? this.ctx.i18n.text(['zh-CN'], ['pufa-webhook.error.part'], [part.index + 1, part.total]) : ''
    const text = this.ctx.i18n.text(['zh-CN'], [`pufa-webhook.error.${path}`], { ...params, part: where })
    const error = new Error(redact(text, [robot.token, robot.secret]))
    this.logger.warn('robot #%d: %s', robot.id, error.message)
    return error
  }

  private window(robot: WebhookRobot) {
    let window = this.windows.get(robot.id)
    if (!window) this.windows.set(robot.id, window = new SlidingWindow(this.config.perMinute, WINDOW))
    return window
  }

  private sleep(ms: number) {
    if (ms <= 0) return
    return new Promise<void>(resolve => this.ctx.setTimeout(resolve, ms))
  }

  /** Sends the text, in as many parts as the platform needs; resolves with the part count. */
  async send(robot: WebhookRobot, text: string): Promise<number> {
    const { maxBytes, throttlePause } = KIND_INFO[robot.kind]
    const origin = this.config.endpoints[robot.kind]
    if (!origin) throw this.error('no-endpoint', { kind: this.ctx.i18n.text(['zh-CN'], [`pufa-webhook.kind.${robot.kind}`], {}) }, robot)
    const parts = splitMessage(text, maxBytes)
    const done = this.delivered.get(robot.id, text)
    const window = this.window(robot)
    const planned = window.peek(parts.length - done, Date.now())
    const wait = planned[planned.length - 1] - Date.now()
    if (wait > this.config.maxWait) throw this.error('rate-limited', { seconds: Math.ceil(wait / 1000) }, robot)
    window.reserve(planned.length, Date.now())
    for (let index = done; index < parts.length; index++) {
      const part = parts[index]
      await this.sleep(planned[index - done] - Date.now())
      const request = buildRequest(robot, origin, part, Date.now())
      let status: number, data: unknown
      try {
        const response = await this.ctx.http('POST', request.url, {
          data: request.body,
          timeout: this.config.requestTimeout,
          responseType: 'text',
          validateStatus: () => true,
        })
        status = response.status
        data = parseJson(response.data)
      } catch (cause) {
        this.delivered.set(robot.id, text, index)
        throw this.error('network', { message: (cause as Error)?.message ?? String(cause) }, robot, { index, total: parts.length })
      }
      const verdict = readResponse(robot.kind, status, data)
      if (verdict.ok) continue
      this.delivered.set(robot.id, text, index)
      if (verdict.throttled) window.block(Date.now() + throttlePause)
      const params = { code: verdict.code, message: verdict.message }
      throw this.error(verdict.throttled ? 'throttled' : 'platform', params, robot, { index, total: parts.length })
    }
    this.delivered.set(robot.id, text, 0)
    return parts.length
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

