import { Context } from 'koishi'
import { WebSocket } from 'ws'
import { json, loopbackServer } from './loopback'

/** A message the bot posted to a group through `POST /v2/groups/{group_openid}/messages`. */
export interface QQSent {
  group: string
  content: string
  msg_type: number
  /** Set on a passive reply: the member's message it answers. */
  msg_id?: string
  msg_seq?: number
}

export interface QQError {
  status: number
  code: number
  message: string
}

const APP_ID = '102000001'
const SECRET = 'fake-app-secret'
const TOKEN = 'fake-access-token'
/** The one host the adapter calls outside its endpoint setting: the access-token service. */
const TOKEN_HOST = 'bots.qq.com'
/** What the real API answers a group that did not allow 「机器人主动在群聊内发言」. */
export const PROACTIVE_REFUSED: QQError = { status: 400, code: 40034105, message: '主动消息失败, 无权限' }
/** The intent for group and C2C messages (`USER_MESSAGE`); without it no group event arrives. */
const GROUP_INTENT = 1 << 25
const REPLY_WINDOW = 5 * 60_000
const REPLIES_PER_MESSAGE = 5

/**
 * The QQ official bot platform (group bots, API v2) on loopback: access token, gateway
 * (hello, identify, ready, heartbeat), incoming group @-messages, and the group send API
 * with its passive-reply rules. A group can refuse proactive posts, fail, or never answer.
 */
export class QQFake {
  readonly botId = 'qq-bot-self'
  sent: QQSent[] = []
  /** Groups that refuse messages without msg_id, as the real API does by default. */
  refuseProactive = new Set<string>()
  /** Groups whose sends fail with this error. */
  failing = new Map<string, QQError>()
  /** Groups whose sends are never answered. */
  silent = new Set<string>()
  private received = new Map<string, { at: number; replies: Set<number> }>()
  private seq = 0
  private socket?: WebSocket
  private intents = 0

  private constructor(private server: Awaited<ReturnType<typeof loopbackServer>>) {
    server.wss.on('connection', socket => this.accept(socket))
  }

  static async start() {
    let fake!: QQFake
    fake = new QQFake(await loopbackServer((req, body, res) => fake.handle(req.method!, req.url!, req.headers.authorization, body, res)))
    return fake
  }

  /** The adapter's config as a deployer writes it, with the endpoint on loopback. */
  get config() {
    return { id: APP_ID, secret: SECRET, type: 'public', intents: GROUP_INTENT, protocol: 'websocket', endpoint: `${this.server.origin}/` }
  }

  /** Sends the adapter's access-token request to the fake: its URL is not configurable. */
  redirect = (ctx: Context) => {
    ctx.on('http/fetch-init', (url: URL) => {
      if (url.host !== TOKEN_HOST) return
      url.protocol = 'http:'
      url.host = new URL(this.server.origin).host
    })
  }

  to(group: string) {
    return this.sent.filter(sent => sent.group === group)
  }

  /** A member @-mentions the bot in a group; returns the message id. */
  say(group: string, member: string, text: string) {
    if (!(this.intents & GROUP_INTENT)) throw new Error('the bot did not ask for group messages (intents)')
    const id = `msg-${++this.seq}`
    this.received.set(id, { at: Date.now(), replies: new Set() })
    this.dispatch('GROUP_AT_MESSAGE_CREATE', {
      id,
      // The platform keeps the space left where the @ was.
      content: ` ${text}`,
      timestamp: new Date().toISOString(),
      group_id: group,
      group_openid: group,
      author: { id: member, member_openid: member },
    })
    return id
  }

  close() {
    return this.server.close()
  }

  private dispatch(t: string, d: object) {
    this.socket!.send(JSON.stringify({ op: 0, s: ++this.seq, t, d, id: `${t}:${this.seq}` }))
  }

  private accept(socket: WebSocket) {
    this.socket = socket
    // A heartbeat interval longer than any test (and within 32-bit timers): under fake
    // timers a due heartbeat would find its ack not yet read and drop the connection.
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 20 * 86_400_000 } }))
    socket.on('message', (raw) => {
      const payload = JSON.parse(raw.toString())
      if (payload.op === 1) socket.send(JSON.stringify({ op: 11 }))
      if (payload.op !== 2) return
      if (payload.d.token !== `QQBot ${TOKEN}`) return socket.close(4004, 'invalid token')
      this.intents = payload.d.intents
      this.dispatch('READY', { version: 1, session_id: 'fake-session', user: { id: this.botId, username: '普法助手', bot: true }, shard: [0, 1] })
    })
  }

  private handle(method: string, path: string, auth: string | undefined, body: Buffer, res: Parameters<typeof json>[0]) {
    if (method === 'POST' && path === '/app/getAppAccessToken') {
      const { appId, clientSecret } = JSON.parse(body.toString())
      if (appId !== APP_ID || clientSecret !== SECRET) return json(res, 200, { code: 100016, message: 'invalid appid or secret' })
      return json(res, 200, { access_token: TOKEN, expires_in: '7200' })
    }
    if (auth !== `QQBot ${TOKEN}`) return json(res, 401, { code: 11241, message: 'wrong token' })
    if (method === 'GET' && path === '/gateway') return json(res, 200, { url: this.server.origin.replace('http', 'ws') + '/websocket' })
    if (method === 'GET' && path === '/users/@me') return json(res, 200, { id: this.botId, username: '普法助手', bot: true })
    const group = /^\/v2\/groups\/([^/]+)\/messages$/.exec(path)?.[1]
    if (method !== 'POST' || !group) return json(res, 404, { code: 404, message: 'not found' })
    if (this.silent.has(group)) return
    const data = JSON.parse(body.toString())
    const error = this.failing.get(group) ?? this.checkReply(group, data)
    if (error) return json(res, error.status, { message: error.message, code: error.code, err_code: error.code, trace_id: 'fake-trace' })
    this.sent.push({ group, content: data.content ?? data.markdown?.content, msg_type: data.msg_type, msg_id: data.msg_id, msg_seq: data.msg_seq })
    json(res, 200, { id: `sent-${this.sent.length}`, timestamp: new Date().toISOString() })
  }

  /** A passive reply answers a known message within 5 minutes, at most 5 times, each seq once. */
  private checkReply(group: string, data: { msg_id?: string; msg_seq?: number; event_id?: string }): QQError | undefined {
    if (!data.msg_id) return !data.event_id && this.refuseProactive.has(group) ? PROACTIVE_REFUSED : undefined
    const message = this.received.get(data.msg_id)
    if (!message) return { status: 400, code: 40034024, message: 'msg_id 无效' }
    const seq = data.msg_seq ?? 1
    if (message.replies.has(seq)) return { status: 400, code: 40054005, message: '消息被去重' }
    if (Date.now() - message.at > REPLY_WINDOW || message.replies.size >= REPLIES_PER_MESSAGE) {
      return { status: 400, code: 40034128, message: '被动回复超时或超过次数' }
    }
    message.replies.add(seq)
  }
}
