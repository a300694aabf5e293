import { createServer, IncomingMessage, Server } from 'node:http'
import { AddressInfo } from 'node:net'
import { WebSocket, WebSocketServer } from 'ws'

/** A message the robot sent, as the open API received it. */
export interface RobotSend {
  path: string
  body: { msgKey: string; msgParam: string; robotCode: string; openConversationId?: string; userIds?: string[] }
  /** What a member reads: the markdown (or text) with the adapter's escapes undone. */
  text: string
}

/** The markdown text DingTalk renders: escapes and the doubled line breaks undone. */
export function renderedText(msgKey: string, msgParam: string) {
  const param = JSON.parse(msgParam)
  if (msgKey === 'sampleText') return param.content as string
  return (param.text as string)
    .replace(/\n\n/g, '\n')
    .replace(/\\([\\`*_{}[\]\-(#!>])/g, '$1')
    .replace(/\u200b/g, '')
}

/**
 * DingTalk's side of an enterprise internal app robot in Stream mode: the open API (access
 * token, app list, opening a Stream connection, sending group and one-to-one messages) and
 * the Stream WebSocket that carries message callbacks. Like DingTalk, it expects an ack for
 * each callback and redelivers the ones it never got when told to.
 */
export class FakeDingTalk {
  readonly sends: RobotSend[] = []
  readonly requests: string[] = []
  /** Callback deliveries the bot never acknowledged. */
  readonly unacked = new Map<string, string>()
  private http: Server
  private stream = new WebSocketServer({ noServer: true })
  private sockets = new Set<WebSocket>()
  private waiters: { since: number; resolve: (send: RobotSend) => void }[] = []
  private seq = 0
  /** Access tokens handed out, with when each expires (DingTalk's last two hours). */
  private tokens = new Map<string, number>()
  port = 0
  /** An answer the group-message API gives instead of sending, e.g. [403, { code: 'Forbidden.AccessDenied' }]. */
  failing?: [number, unknown]
  /** The group-message API never answers. */
  silent = false

  constructor(readonly appKey: string, readonly appSecret: string, readonly corpId = 'ding-corp-1') {
    this.http = createServer((req, res) => this.handle(req).then(
      ([status, body]) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
      error => res.writeHead(500).end(String(error)),
    ))
    this.http.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url!, 'http://127.0.0.1')
      if (url.pathname !== '/stream' || url.searchParams.get('ticket') !== 'ticket-1') return socket.destroy()
      this.stream.handleUpgrade(req, socket, head, (ws) => {
        this.sockets.add(ws)
        ws.on('close', () => this.sockets.delete(ws))
        ws.on('message', (raw) => {
          const reply = JSON.parse(raw.toString())
          this.unacked.delete(reply.headers?.messageId)
        })
      })
    })
  }

  /** The adapter's `api` and `oldApi` endpoints, pointed here. */
  get config() {
    return {
      api: { endpoint: `http://127.0.0.1:${this.port}/v1.0/` },
      oldApi: { endpoint: `http://127.0.0.1:${this.port}/` },
    }
  }

  /** Access tokens handed out so far. */
  get tokensIssued() {
    return this.tokens.size
  }

  get connected() {
    return this.sockets.size
  }

  async listen() {
    await new Promise<void>(resolve => this.http.listen(0, '127.0.0.1', resolve))
    this.port = (this.http.address() as AddressInfo).port
  }

  async close() {
    for (const socket of this.sockets) socket.terminate()
    this.stream.close()
    this.http.closeAllConnections()
    await new Promise(resolve => this.http.close(resolve))
  }

  /** A member writes `text` in a group where the robot is (after @-ing it), as a Stream callback. */
  groupMessage(conversationId: string, staffId: string, text: string, msgId = `msg${++this.seq}`) {
    const body = {
      msgtype: 'text',
      text: { content: text },
      msgId,
      createAt: String(Date.now()),
      conversationType: '2',
      conversationId,
      conversationTitle: '普法工作群',
      senderId: `$:sender:${staffId}`,
      senderNick: `同事${staffId}`,
      senderCorpId: this.corpId,
      senderStaffId: staffId,
      chatbotCorpId: this.corpId,
      chatbotUserId: '$:robot:1',
      isInAtList: true,
      atUsers: [{ dingtalkId: '$:robot:1' }],
      robotCode: this.appKey,
      sessionWebhook: `http://127.0.0.1:${this.port}/robot/sendBySession`,
      sessionWebhookExpiredTime: Date.now() + 3600_000,
    }
    this.deliver(JSON.stringify(body))
    return msgId
  }

  /** Delivers every callback the bot has not acknowledged again, as DingTalk does. */
  redeliver() {
    for (const data of [...this.unacked.values()]) this.deliver(data)
  }

  /** Resolves with the first message the robot sends after the first `since` ones (by default, the next one). */
  next(since = this.sends.length): Promise<RobotSend> {
    if (this.sends.length > since) return Promise.resolve(this.sends[since])
    return new Promise(resolve => this.waiters.push({ since, resolve }))
  }

  /** Messages the robot sent to one group. */
  to(conversationId: string) {
    return this.sends.filter(send => send.body.openConversationId === conversationId).map(send => send.text)
  }

  private deliver(data: string) {
    const messageId = `stream-${++this.seq}`
    this.unacked.set(messageId, data)
    const frame = {
      specVersion: '1.0',
      type: 'CALLBACK',
      headers: { appId: this.appKey, contentType: 'application/json', messageId, time: String(Date.now()), topic: '/v1.0/im/bot/messages/get' },
      data,
    }
    for (const socket of this.sockets) socket.send(JSON.stringify(frame))
  }

  private async handle(req: IncomingMessage): Promise<[number, unknown]> {
    let raw = ''
    for await (const chunk of req) raw += chunk
    const body = raw ? JSON.parse(raw) : {}
    const path = new URL(req.url!, 'http://127.0.0.1').pathname
    this.requests.push(`${req.method} ${path}`)
    const token = req.headers['x-acs-dingtalk-access-token'] as string
    const authorized = (this.tokens.get(token) ?? 0) > Date.now()
    switch (`${req.method} ${path}`) {
      case 'POST /v1.0/oauth2/accessToken':
        if (body.appKey !== this.appKey || body.appSecret !== this.appSecret) return [400, { code: 'invalidClientIdOrSecret' }]
        this.tokens.set(`access-token-${++this.seq}`, Date.now() + 7200_000)
        return [200, { accessToken: `access-token-${this.seq}`, expireIn: 7200 }]
      case 'GET /v1.0/microApp/allInnerApps':
        if (!authorized) return [401, { code: 'InvalidAuthentication' }]
        return [200, { appList: [{ agentId: 3001, name: '普法小助手', icon: '' }] }]
      case 'POST /microapp/list':
        return [200, { errcode: 0, errmsg: 'ok', appList: [{ agentId: 3001, name: '普法小助手', appIcon: '' }] }]
      case 'POST /v1.0/gateway/connections/open':
        if (body.clientId !== this.appKey || body.clientSecret !== this.appSecret) return [400, { code: 'invalidClient' }]
        return [200, { endpoint: `ws://127.0.0.1:${this.port}/stream`, ticket: 'ticket-1' }]
      case 'POST /v1.0/robot/groupMessages/send':
      case 'POST /v1.0/robot/oToMessages/batchSend': {
        if (!authorized) return [401, { code: 'InvalidAuthentication' }]
        if (path.endsWith('groupMessages/send') && this.silent) return new Promise(() => {})
        if (path.endsWith('groupMessages/send') && this.failing) return this.failing
        const send = { path, body, text: renderedText(body.msgKey, body.msgParam) }
        this.sends.push(send)
        for (const waiter of this.waiters.filter(w => this.sends.length > w.since)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1)
          waiter.resolve(this.sends[waiter.since])
        }
        return [200, { processQueryKey: `pqk${this.sends.length}` }]
      }
      default:
        return [404, { code: 'NotFound' }]
    }
  }
}
