import { Schema } from 'koishi'
import { isAllowedOrigin, KIND_INFO, WebhookKind } from '../../../src/webhook/kinds'

export interface Config {
  endpoints: Record<WebhookKind, string>
  perMinute: number
  maxWait: number
  requestTimeout: number
  defaultTime: string
}

const origin = (kind: WebhookKind) => Schema.string().default(KIND_INFO[kind].origin)

export const Config: Schema<Config> = Schema.object({
  endpoints: Schema.object({
    wecom: origin('wecom').description('企业微信群机器人的服务地址。'),
    zwwx: origin('zwwx').description('政务微信的服务地址（各地部署不同，如 https://zwwx.example.gov.cn ）；留空则不能添加政务微信机器人。'),
    dingtalk: origin('dingtalk').description('钉钉自定义机器人的服务地址。'),
    feishu: origin('feishu').description('飞书自定义机器人的服务地址。'),
    lark: origin('lark').description('Lark 自定义机器人的服务地址。'),
  }).description('各平台的服务地址（协议 + 主机）。只接受 https，测试时可指向 http://127.0.0.1 上的本地服务。添加机器人时，粘贴的地址必须与此完全一致。'),
  perMinute: Schema.natural().min(1).max(20).default(20).description('每个机器人每分钟最多发送的消息数（各平台上限为 20）。'),
  maxWait: Schema.natural().role('ms').default(20_000)
    .description('超出频率时最多排队等待多久；需要等得更久则本次记为失败、由推送稍后重试。应小于推送的发送超时（pufa-push.sendTimeout）。'),
  requestTimeout: Schema.natural().role('ms').default(60_000)
    .description('单次请求的超时。应大于推送的发送超时，使没有回音的发送记为“结果未知”而不被重发。'),
  defaultTime: Schema.string().pattern(/^([01]?\d|2[0-3]):[0-5]\d$/).default('08:30').description('「群机器人 添加」不带 -t 时的推送时间（北京时间）。'),
})

/**
 * The configured origins, checked (https only, or http on 127.0.0.1 for a local test
 * server) and reduced to scheme://host[:port], so a trailing slash changes nothing.
 */
export function resolveEndpoints(config: Config): Record<WebhookKind, string> {
  const endpoints = { ...config.endpoints }
  for (const kind of Object.keys(endpoints) as WebhookKind[]) {
    const origin = endpoints[kind]
    if (!origin) continue
    if (!isAllowedOrigin(origin)) {
      throw new Error(`pufa-webhook.endpoints.${kind} must be an https origin such as ${KIND_INFO[kind].origin || 'https://zwwx.example.gov.cn'}`)
    }
    endpoints[kind] = new URL(origin).origin
  }
  return endpoints
}
