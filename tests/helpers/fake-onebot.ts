import { IncomingMessage } from 'node:http'
import { AddressInfo } from 'node:net'
import { WebSocket, WebSocketServer } from 'ws'

/** One OneBot v11 action call as the implementation received it. */
export interface ActionCall {
  action: string
  params: Record<string, any>
}

/** An action's answer: data for `ok`, a retcode for `failed`, or `silent` to never answer. */
export type Answer = { data: unknown } | { retcode: number } | 'silent'

/** Message segments as OneBot v11 sends them, flattened to the text a member reads. */
export function plainText(message: unknown): string {
  if (typeof message === 'string') return message
  return (message as { type: string; data: Record<string, string> }[])
    .map(segment => segment.type === 'text' ? segment.data.text : `[CQ:${segment.type},qq=${segment.data.qq}]`)
    .join('')
}

/**
 * A OneBot v11 implementation (NapCat, LLOneBot, Lagrange…) reduced to its protocol: a
 * WebSocket server for forward mode, or a client that dials Koishi in reverse mode. It
 * answers the standard actions the adapter calls, records every call, and posts events.
 */
export class FakeOneBot {
  readonly calls: ActionCall[] = []
  /** Per-action answers that override the defaults; a function sees the call. */
  readonly answers = new Map<string, Answer | ((params: Record<string, any>) => Answer)>()
  private server?: WebSocketServer
  private sockets = new Set<WebSocket>()
  private waiters: { action: string; resolve: (call: ActionCall) => void }[] = []
  private messageSeq = 1000
  port = 0

  constructor(readonly selfId: string, readonly token?: string) {}

  get url() {
    return `ws://127.0.0.1:${this.port}`
  }

  /** Forward mode: listen (again, on the same port after a restart) for the bot to connect. */
  async listen() {
    this.server = new WebSocketServer({
      host: '127.0.0.1',
      port: this.port,
      verifyClient: ({ req }: { req: IncomingMessage }) => !this.token || req.headers.authorization === `Bearer ${this.token}`,
    })
    this.server.on('connection', socket => this.attach(socket))
    await new Promise(resolve => this.server!.once('listening', resolve))
    this.port = (this.server.address() as AddressInfo).port
  }

  /** Reverse mode: dial Koishi's server at `url` as the implementation does. */
  async dial(url: string) {
    const socket = new WebSocket(url, {
      headers: {
        'X-Self-ID': this.selfId,
        'X-Client-Role': 'Universal',
        ...this.token && { Authorization: `Bearer ${this.token}` },
      },
    })
    // Koishi asks get_login_info as soon as it accepts: listen before the socket opens.
    this.attach(socket)
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
  }

  /** Goes away: closes every connection and, in forward mode, the listening server. */
  async stop() {
    for (const socket of this.sockets) socket.terminate()
    this.sockets.clear()
    const server = this.server
    this.server = undefined
    if (server) await new Promise(resolve => server.close(resolve))
  }

  /** Posts a group message event, as a member typing `text` in the group. */
  groupMessage(groupId: number, userId: number, text: string, nickname = `用户${userId}`) {
    this.post({
      post_type: 'message',
      message_type: 'group',
      sub_type: 'normal',
      message_id: ++this.messageSeq,
      group_id: groupId,
      user_id: userId,
      message: text,
      raw_message: text,
      font: 0,
      sender: { user_id: userId, nickname, card: '', role: 'member' },
    })
  }

  /** Resolves with the first call of `action` made after the first `since` calls (by default, the next one). */
  next(action: string, since = this.calls.length): Promise<ActionCall> {
    const made = this.calls.slice(since).find(call => call.action === action)
    if (made) return Promise.resolve(made)
    return new Promise(resolve => this.waiters.push({ action, resolve }))
  }

  /** Calls of one action so far. */
  made(action: string) {
    return this.calls.filter(call => call.action === action)
  }

  private post(event: Record<string, unknown>) {
    const payload = JSON.stringify({ time: Math.floor(Date.now() / 1000), self_id: +this.selfId, ...event })
    for (const socket of this.sockets) socket.send(payload)
  }

  private attach(socket: WebSocket) {
    this.sockets.add(socket)
    socket.on('close', () => this.sockets.delete(socket))
    socket.on('message', (raw) => {
      const { action, params = {}, echo } = JSON.parse(raw.toString())
      const call = { action, params }
      this.calls.push(call)
      for (const waiter of this.waiters.filter(w => w.action === action)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1)
        waiter.resolve(call)
      }
      const answer = this.answer(call)
      if (answer === 'silent') return
      const reply = 'data' in answer
        ? { status: 'ok', retcode: 0, data: answer.data, echo }
        : { status: 'failed', retcode: answer.retcode, data: null, echo }
      socket.send(JSON.stringify(reply))
    })
  }

  private answer({ action, params }: ActionCall): Answer {
    const custom = this.answers.get(action)
    if (custom) return typeof custom === 'function' ? custom(params) : custom
    switch (action) {
      case 'get_login_info': return { data: { user_id: +this.selfId, nickname: '普法小助手' } }
      case 'send_group_msg':
      case 'send_private_msg':
      case 'send_msg': return { data: { message_id: ++this.messageSeq } }
      // Anything else (go-cqhttp's guild actions included) is unsupported, as v11 says: 1404.
      default: return { retcode: 1404 }
    }
  }
}
