import { Context } from 'koishi'

declare module 'koishi' {
  interface Tables {
    pufa_subscription: Subscription
    pufa_delivery: Delivery
    pufa_tip_pick: TipPick
  }
}

/** A group that receives pushes. */
export interface Subscription {
  platform: string
  channelId: string
  guildId: string
  /** The bot account that subscribed it and sends to it. */
  selfId: string
  /** Push time, minutes after midnight Asia/Shanghai. */
  time: number
  tips: boolean
  dates: boolean
  reminders: boolean
  workdays: boolean
  /**
   * Whether the group accepts posts the bot makes unprompted: 'no' for a group that only
   * takes replies (QQ official bots), whose pushes wait for the next message there.
   */
  proactive: Proactive
  createdBy: string
  createdAt: Date
  /** Last change; with the row count it tells schedulers when to reload subscriptions. */
  updatedAt: Date
}

export type Proactive = 'unknown' | 'yes' | 'no'

/**
 * `waiting`: held for a reply-only group until someone speaks there; `missed`: the catch-up
 * window ended before it could be sent (downtime, bot not connected, nobody spoke).
 */
export type DeliveryStatus = 'claimed' | 'sending' | 'sent' | 'failed' | 'unknown' | 'abandoned' | 'waiting' | 'missed'

/**
 * One delivery attempt of a slot (date, kind, item) × group. Inserting (key, attempt) is
 * the claim: the unique index lets exactly one instance own each attempt, on any database.
 */
export interface Delivery {
  id: number
  key: string
  attempt: number
  date: string
  /** A push slot's kind (tip, date, reminder), or a message sent once: chase, notice, overdue. */
  kind: string
  item: string
  /** What was sent: the tip id for daily tips, else the item id. */
  content: string
  platform: string
  channelId: string
  status: DeliveryStatus
  instance: string
  claimedAt: Date
  finishedAt: Date
  nextAttemptAt: Date
  messageIds: string[]
  error: string
}

/** The tip a group got (or gets) on a date; fixes the rotation even across instances. */
export interface TipPick {
  platform: string
  channelId: string
  date: string
  tipId: string
  cycle: number
}

export function defineModels(ctx: Context) {
  ctx.model.extend('pufa_subscription', {
    platform: 'string(63)',
    channelId: 'string(255)',
    guildId: 'string(255)',
    selfId: 'string(255)',
    time: 'unsigned',
    tips: 'boolean',
    dates: 'boolean',
    reminders: 'boolean',
    workdays: 'boolean',
    proactive: { type: 'string', length: 7, initial: 'unknown' },
    createdBy: 'string(255)',
    createdAt: 'timestamp',
    updatedAt: 'timestamp',
  }, { primary: ['platform', 'channelId'] })

  ctx.model.extend('pufa_delivery', {
    id: 'unsigned',
    key: 'string(511)',
    attempt: 'unsigned',
    date: 'string(10)',
    kind: 'string(15)',
    item: 'string(255)',
    content: 'string(255)',
    platform: 'string(63)',
    channelId: 'string(255)',
    status: 'string(15)',
    instance: 'string(63)',
    claimedAt: 'timestamp',
    finishedAt: 'timestamp',
    nextAttemptAt: 'timestamp',
    messageIds: 'json',
    error: 'text',
  }, {
    autoInc: true,
    unique: [['key', 'attempt']],
    indexes: [['date']],
  })

  ctx.model.extend('pufa_tip_pick', {
    platform: 'string(63)',
    channelId: 'string(255)',
    date: 'string(10)',
    tipId: 'string(127)',
    cycle: 'unsigned',
  }, { primary: ['platform', 'channelId', 'date'] })
}
