import { Channel, Context, User } from 'koishi'

/** Koishi's user and channel helpers, which `ctx.database.createUser` and the rest resolve to. */
type Model = Context['database']

/**
 * Koishi stores a user or a group the first time it sees one by reading, then inserting.
 * Several first messages at once all read nothing and all insert: every insert after the
 * first fails on the unique key and its message is dropped without an answer (and a user
 * row is left without its binding). Here the user and its binding are inserted in one
 * transaction, and an insert that loses the race answers with the row that won it.
 */
export function settleFirstContact(ctx: Context) {
  const model = ctx.get('koishi')!.database as unknown as Model
  const own = { createUser: model.createUser, createChannel: model.createChannel }

  model.createUser = async function (this: Model, platform: string, pid: string, data: Partial<User>) {
    let user!: User
    try {
      await this.withTransaction(async (db) => {
        user = await db.create('user', data)
        await db.create('binding', { aid: user.id, bid: user.id, pid, platform })
      })
      return user
    } catch (error) {
      const existing = await this.getUser(platform, pid)
      if (existing) return existing
      throw error
    }
  }

  model.createChannel = async function (this: Model, platform: string, id: string, data: Partial<Channel>) {
    try {
      return await own.createChannel.call(this, platform, id, data)
    } catch (error) {
      const existing = await this.getChannel(platform, id)
      if (existing) return existing
      throw error
    }
  }

  ctx.on('dispose', () => {
    Object.assign(model, own)
  })
}
