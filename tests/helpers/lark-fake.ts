import { WebSocket } from 'ws'
import { decodeFrame, encodeFrame } from './lark-frame'
import { json, loopbackServer } from './loopback'

/** A message the bot created through `POST /im/v1/messages`. */
export interface LarkSent {
  /** The receiver: a chat_id, or a user's open_id for a private message. */
  chat: string
  msg_type: string
  /** The text of a `post` (its md paragraphs), or the file_key of a `file`. */
  text: string
}

export interface LarkError {
  status: number
  code: number
  msg: string
}

const APP_ID = 'cli_fake0000000001'
const SECRET = 'fake-app-secret'
const TOKEN = 't-fake-tenant-token'
const SERVICE_ID = 7
/** Ping interval in seconds: longer than any test (and within 32-bit timers), so no ping is due under fake timers. */
const PING_INTERVAL = 20 * 86_400

/**
 * Lark/Feishu (飞书开放平台) for a self-built app in long-connection mode, on loopback: the
 * ws endpoint, the protobuf frame channel for events, tenant_access_token, bot info, and
 * the message and file APIs. A chat can fail every send or never answer.
 */
export class LarkFake {
  readonly botId = 'ou_bot0000000000000001'
  sent: LarkSent[] = []
  /** Files uploaded through `POST /im/v1/files`. */
  files: { name: string; type: string; size: number }[] = []
  /** Events the bot acknowledged on the channel, by frame message_id. */
  acked: string[] = []
  failing = new Map<string, LarkError>()
  silent = new Set<string>()
  /**
   * Resolves at the bot's first ping, which it sends once it listens for events. The bot
   * reports itself online earlier, on getting its token: an event sent then is lost.
   */
  listening: Promise<void>
  private onListening!: () => void
  private seq = 0
  private socket?: WebSocket

  private constructor(private server: Awaited<ReturnType<typeof loopbackServer>>) {
    server.wss.on('connection', socket => this.accept(socket))
    this.listening = new Promise(resolve => this.onListening = resolve)
  }

  static async start() {
    let fake!: LarkFake
    fake = new LarkFake(await loopbackServer((req, body, res) => {
      fake.handle(req.method!, new URL(req.url!, fake.server.origin), req.headers, body, res).catch((error) => {
        json(res, 500, { code: 500, msg: String(error) })
      })
    }))
    return fake
  }

  /** The adapter's config as a deployer writes it, with the endpoint on loopback. */
  get config() {
    return { platform: 'feishu', appId: APP_ID, appSecret: SECRET, protocol: 'ws', endpoint: `${this.server.origin}/open-apis` }
  }

  to(chat: string) {
    return this.sent.filter(sent => sent.chat === chat)
  }

  /** A member @-mentions the bot in a group chat (the app sees group messages that @ it). */
  say(chat: string, openId: string, text: string) {
    const id = `om_${++this.seq}`
    const event = {
      schema: '2.0',
      header: { event_id: `ev_${this.seq}`, event_type: 'im.message.receive_v1', create_time: String(Date.now()), token: '', app_id: APP_ID, tenant_key: 'tenant' },
      event: {
        sender: { sender_id: { open_id: openId, union_id: `on_${openId}`, user_id: openId }, sender_type: 'user', tenant_key: 'tenant' },
        message: {
          message_id: id,
          create_time: String(Date.now()),
          chat_id: chat,
          chat_type: 'group',
          message_type: 'text',
          content: JSON.stringify({ text: `@_user_1 ${text}` }),
          mentions: [{ key: '@_user_1', id: { open_id: this.botId, union_id: 'on_bot', user_id: '' }, name: '普法助手', tenant_key: 'tenant' }],
        },
      },
    }
    this.socket!.send(encodeFrame({
      service: SERVICE_ID,
      method: 1,
      headers: { type: 'event', message_id: `frame_${this.seq}`, sum: '1', seq: '0', trace_id: `trace_${this.seq}` },
      payload: Buffer.from(JSON.stringify(event)),
    }))
    return id
  }

  close() {
    return this.server.close()
  }

  private accept(socket: WebSocket) {
    this.socket = socket
    socket.on('message', (raw: Buffer) => {
      const frame = decodeFrame(raw)
      if (frame.method === 0 && frame.headers.type === 'ping') {
        socket.send(encodeFrame({ service: SERVICE_ID, method: 0, headers: { type: 'pong' } }))
        this.onListening()
      } else if (frame.method === 1) {
        this.acked.push(frame.headers.message_id)
      }
    })
  }

  private async handle(method: string, url: URL, headers: Record<string, any>, body: Buffer, res: Parameters<typeof json>[0]) {
    const route = `${method} ${url.pathname}`
    if (route === 'POST /callback/ws/endpoint') {
      const { AppID, AppSecret } = JSON.parse(body.toString())
      if (AppID !== APP_ID || AppSecret !== SECRET) return json(res, 200, { code: 1000040343, msg: 'app not found or secret wrong' })
      const ws = `${this.server.origin.replace('http', 'ws')}/ws?device_id=fake-device&service_id=${SERVICE_ID}`
      return json(res, 200, { code: 0, msg: 'ok', data: { URL: ws, ClientConfig: { PingInterval: PING_INTERVAL } } })
    }
    if (route === 'POST /open-apis/auth/v3/tenant_access_token/internal') {
      const { app_id, app_secret } = JSON.parse(body.toString())
      if (app_id !== APP_ID || app_secret !== SECRET) return json(res, 200, { code: 10014, msg: 'app secret invalid' })
      return json(res, 200, { code: 0, msg: 'ok', tenant_access_token: TOKEN, expire: 7200 })
    }
    if (headers.authorization !== `Bearer ${TOKEN}`) return json(res, 400, { code: 99991663, msg: 'Invalid access token for authorization.' })
    if (route === 'GET /open-apis/bot/v3/info') {
      return json(res, 200, { code: 0, msg: 'ok', bot: { activate_status: 2, app_name: '普法助手', avatar_url: '', ip_white_list: [], open_id: this.botId } })
    }
    if (route === 'POST /open-apis/im/v1/files') {
      const form = await new Response(body, { headers: { 'content-type': headers['content-type'] } }).formData()
      const file = form.get('file') as File
      this.files.push({ name: String(form.get('file_name')), type: String(form.get('file_type')), size: file.size })
      return json(res, 200, { code: 0, msg: 'success', data: { file_key: `file_v3_${this.files.length}` } })
    }
    const receiver = url.searchParams.get('receive_id_type')
    if (route !== 'POST /open-apis/im/v1/messages' || (receiver !== 'chat_id' && receiver !== 'open_id')) {
      return json(res, 404, { code: 404, msg: `no fake for ${route}` })
    }
    const data = JSON.parse(body.toString())
    const chat: string = data.receive_id
    if (this.silent.has(chat)) return
    const error = this.failing.get(chat)
    if (error) return json(res, error.status, { code: error.code, msg: error.msg })
    const content = JSON.parse(data.content)
    const text = data.msg_type === 'post'
      ? content.zh_cn.content.map((paragraph: { text: string }[]) => paragraph.map(part => part.text).join('')).join('\n')
      : content.file_key
    this.sent.push({ chat, msg_type: data.msg_type, text })
    const message_id = `om_sent_${this.sent.length}`
    json(res, 200, { code: 0, msg: 'success', data: { message_id, create_time: String(Date.now()), chat_id: chat, msg_type: data.msg_type, sender: { id: APP_ID, id_type: 'app_id', sender_type: 'app' } } })
  }
}
