import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http'
import { AddressInfo } from 'node:net'
import * as webhook from '../../plugins/webhook/src'
import type { TestBot } from './bot'

export interface Received {
  path: string
  query: URLSearchParams
  body: any
}

/** What the fake platform answers: a JSON body (HTTP 200 unless given), or nothing ever. */
export type Answer = { status?: number; body: unknown } | 'hang'

// Timers taken before a test fakes them: waiting for loopback I/O needs real time.
const realSetTimeout = globalThis.setTimeout

/**
 * The group-robot platforms' edge: one loopback HTTP server that answers as WeCom,
 * DingTalk and Feishu/Lark webhooks do (by path), records every request, and can be told
 * to answer otherwise.
 */
export class WebhookPlatform {
  received: Received[] = []
  answer?: (request: Received) => Answer | undefined
  private server: Server
  private open = new Set<ServerResponse>()

  private constructor() {
    this.server = createServer((req, res) => this.handle(req, res))
  }

  static async start() {
    const platform = new WebhookPlatform()
    await new Promise<void>(resolve => platform.server.listen(0, '127.0.0.1', resolve))
    return platform
  }

  get origin() {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    let raw = ''
    req.setEncoding('utf8')
    req.on('data', chunk => raw += chunk)
    req.on('end', () => {
      const url = new URL(req.url!, this.origin)
      let body: unknown
      try {
        body = JSON.parse(raw)
      } catch {
        body = raw
      }
      const request = { path: url.pathname, query: url.searchParams, body }
      this.received.push(request)
      const answer = this.answer?.(request) ?? { body: url.pathname.includes('/bot/v2/hook/') ? { code: 0, msg: 'success', data: {} } : { errcode: 0, errmsg: 'ok' } }
      if (answer === 'hang') {
        this.open.add(res)
        return
      }
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(answer.body))
    })
  }

  /** Texts received, in order. */
  texts() {
    return this.received.map(request => request.body?.text?.content ?? request.body?.content?.text)
  }

  async close() {
    for (const res of this.open) res.destroy()
    this.server.closeAllConnections()
    await new Promise(resolve => this.server.close(resolve))
  }
}

/** Waits in real time (fake timers stay put) until `check` holds, for loopback I/O to land. */
export async function until<T>(check: () => T | Promise<T>, what = 'condition'): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const result = await check()
    if (result) return result
    await new Promise(resolve => realSetTimeout(resolve, 10))
  }
  throw new Error(`gave up waiting for ${what}`)
}

/**
 * Loads the webhook plugin into a test bot, every platform pointed at the fake server.
 * Returns its disposer: like the mock bot, its bots must go before the app stops.
 */
export async function withWebhooks(t: TestBot, origin: string, config: Partial<webhook.Config> = {}) {
  const endpoints = { wecom: origin, zwwx: origin, dingtalk: origin, feishu: origin, lark: origin }
  const fork = t.app.plugin(webhook, webhook.Config({ endpoints, ...config } as webhook.Config))
  await until(() => t.app.bots.some(bot => bot.platform === 'wecom-webhook'), 'the webhook bots')
  return () => fork.dispose()
}
