import { Bot, Context, Fragment, h, Universal } from 'koishi'
import { platformOf, WebhookKind } from '../../../src/webhook/kinds'
import { WebhookSender } from './sender'

/**
 * One bot per kind of group robot, always online: a webhook needs no connection. The push
 * dispatcher finds it by platform (e.g. `wecom-webhook`) and sends to a channel id, which
 * is the robot's id in our table. It can only send: webhooks receive nothing.
 */
export class WebhookBot extends Bot<Context> {
  constructor(ctx: Context, readonly kind: WebhookKind, private sender: WebhookSender) {
    super(ctx, {}, platformOf(kind))
    this.selfId = kind
    this.status = Universal.Status.ONLINE
  }

  async sendMessage(channelId: string, content: Fragment): Promise<string[]> {
    const id = Number(channelId)
    const [robot] = Number.isSafeInteger(id) ? await this.ctx.database.get('pufa_webhook', { id, kind: this.kind }) : []
    if (!robot) throw new Error(this.ctx.i18n.text(['zh-CN'], ['pufa-webhook.error.no-robot'], [channelId]))
    // Webhooks take plain text: keep the text, drop markup such as images.
    const text = h.normalize(content).map(element => element.toString(true)).join('')
    await this.sender.send(robot, text)
    // Webhooks answer without a message id.
    return []
  }
}
