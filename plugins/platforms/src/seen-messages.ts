import { Context } from 'koishi'

declare module 'koishi' {
  interface Tables {
    pufa_seen_message: SeenMessage
  }
}

/** A platform message already handled; the unique key makes a second delivery fail to insert. */
export interface SeenMessage {
  id: number
  platform: string
  messageId: string
  seenAt: Date
}

export interface DedupeOptions {
  /** Platforms (as in `platform:...` accounts) whose messages are checked. */
  platforms: string[]
  /** How long a message id is remembered, ms. */
  keep: number
}

/**
 * Some platforms deliver a message again when they think the bot missed it (DingTalk's
 * Stream mode does, since the adapter never acknowledges a callback). The first delivery
 * inserts (platform, messageId); a later one hits the unique key and goes no further. The
 * table lives in the database, so a restart or a second instance still sees the first one.
 */
export function dedupeMessages(ctx: Context, options: DedupeOptions) {
  ctx.model.extend('pufa_seen_message', {
    id: 'unsigned',
    platform: 'string(63)',
    messageId: 'string(255)',
    seenAt: 'timestamp',
  }, { autoInc: true, unique: [['platform', 'messageId']] })

  const logger = ctx.logger('pufa-platforms')

  ctx.middleware(async (session, next) => {
    const platform = session.platform.split(':')[0]
    if (!session.messageId || !options.platforms.includes(platform)) return next()
    const key = { platform, messageId: session.messageId }
    try {
      // Looking first keeps the driver from logging a failed insert for every redelivery;
      // the unique key still settles two deliveries that arrive at the same moment.
      const seen = (await ctx.database.get('pufa_seen_message', key, ['id'])).length > 0
      if (!seen) await ctx.database.create('pufa_seen_message', { ...key, seenAt: new Date() })
      if (seen) return logger.debug('dropped a second delivery of %s message %s', platform, session.messageId)
    } catch (error) {
      if (/UNIQUE|Duplicate|duplicate key/i.test(String((error as Error)?.message))) return
      // The database failing is no reason to ignore a person: handle the message anyway.
      logger.warn(error)
    }
    return next()
  }, true)

  ctx.setInterval(() => pruneSeenMessages(ctx, new Date(Date.now() - options.keep)), Math.min(options.keep, 3600_000))
}

/** Forgets message ids seen before `before`; platforms stop redelivering long before a day. */
export function pruneSeenMessages(ctx: Context, before: Date) {
  return ctx.database.remove('pufa_seen_message', { seenAt: { $lt: before } })
}
