import { Context } from 'koishi'
import { WebhookKind } from '../../../src/webhook/kinds'

declare module 'koishi' {
  interface Tables {
    pufa_webhook: WebhookRobot
  }
}

/** A group robot we push to. Its id is the channel id of its subscription. */
export interface WebhookRobot {
  id: number
  kind: WebhookKind
  /** The webhook key / access token / hook id: a secret, never shown or logged. */
  token: string
  /** Signing secret, '' when the robot is not signed: a secret too. */
  secret: string
  name: string
  createdBy: string
  createdAt: Date
}

export function defineModels(ctx: Context) {
  ctx.model.extend('pufa_webhook', {
    id: 'unsigned',
    kind: 'string(15)',
    token: 'string(255)',
    secret: 'string(255)',
    name: 'string(255)',
    createdBy: 'string(255)',
    createdAt: 'timestamp',
  }, { autoInc: true, unique: [['kind', 'token']] })
}
