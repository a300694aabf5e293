import { dirname, join, resolve } from 'node:path'
import { App, Fragment, h, Universal } from 'koishi'
import { MockBot } from '@koishijs/plugin-mock'
import * as help from '@koishijs/plugin-help'
import { HTTP } from '@koishijs/plugin-http'
import * as sqlite from '../../plugins/database-sqlite/src'
import roles, { Config as RolesConfig } from '../../plugins/roles/src'
import content, { Config as ContentConfig } from '../../plugins/content/src'
import * as push from '../../plugins/push/src'
import * as reports from '../../plugins/reports/src'
import * as ledger from '../../plugins/ledger/src'
import * as quiz from '../../plugins/quiz/src'
import { tempDatabase } from './db-dir'

export const ROOT = resolve(__dirname, '../..')

/** A plugin config from a few fields, the rest from the plugin's schema defaults. */
function configure<T>(schema: (input: T) => T, fields: Partial<T>): T {
  return schema(fields as T)
}

export interface Sent {
  channelId: string
  content: string
}

/**
 * The platform's edge: a mock bot that also accepts proactive sends (the stock mock bot
 * only answers within a conversation), records them, and can be told that a group
 * rejects messages or never answers.
 */
export class PlatformBot extends MockBot {
  outbox: Sent[] = []
  /** Groups that refuse proactive sends: a message, or the error the platform's client throws. */
  rejecting = new Map<string, string | Error>()
  silent = new Set<string>()
  /** Groups where even replies fail (the platform is down, the bot was removed). */
  failingReplies = new Set<string>()
  private replies = 0

  async sendMessage(channelId: string, fragment: Fragment, guildId?: string, options?: Universal.SendOptions) {
    if (options?.session) {
      if (this.failingReplies.has(channelId)) throw new Error('reply refused')
      // A reply in a conversation; real platforms answer with its message id, the stock mock with none.
      const ids = await super.sendMessage(channelId, fragment, guildId, options)
      return ids.length ? ids : [`r${++this.replies}`]
    }
    const error = this.rejecting.get(channelId)
    if (error) throw typeof error === 'string' ? new Error(error) : error
    if (this.silent.has(channelId)) return new Promise<string[]>(() => {})
    this.outbox.push({ channelId, content: h.unescape(h.normalize(fragment).join('')) })
    return [`m${this.outbox.length}`]
  }

  /** A private chat with a user, as platforms open one before a direct message. */
  async createDirectChannel(userId: string): Promise<Universal.Channel> {
    return { id: `private:${userId}`, type: Universal.Channel.Type.DIRECT }
  }

  /** Messages delivered to one group, in order. */
  to(channelId: string) {
    return this.outbox.filter(sent => sent.channelId === channelId).map(sent => sent.content)
  }
}

export interface BotOptions {
  /** Database file; a fresh temp file when omitted. */
  file?: string
  push?: Partial<push.Config>
  content?: Partial<ContentConfig>
  reports?: Partial<reports.Config>
  /** Where report photos go; next to the database file by default. */
  attachments?: string
  ledger?: Partial<ledger.Config>
  quiz?: Partial<quiz.Config>
  selfId?: string
  /** Share another bot's database, as a second instance on a database server would. */
  database?: App['database']
}

export const ADMIN = 'admin'

/** A bot as deployed: real SQLite file, the project's config/, admins `mock:admin`. */
export async function createBot(options: BotOptions = {}) {
  const temp = options.file || options.database ? undefined : tempDatabase()
  const file = options.file ?? temp?.file
  const app = new App({ baseDir: ROOT, prefix: [''] } as any)
  app.plugin(help)
  app.plugin(HTTP)
  if (options.database) app.set('database', options.database)
  else app.plugin(sqlite, configure(sqlite.Config, { path: file!, exitOnConflict: false }))
  app.plugin(roles, configure(RolesConfig, { admins: [`mock:${ADMIN}`] }))
  app.plugin(content, configure(ContentConfig, { dir: 'config', ...options.content }))
  const pushFork = app.plugin(push, configure(push.Config, { pacing: {}, ...options.push }))
  app.plugin(reports, configure(reports.Config, { attachments: options.attachments ?? join(file ? dirname(file) : ROOT, 'attachments'), ...options.reports }))
  app.plugin(ledger, configure(ledger.Config, { exports: join(file ? dirname(file) : ROOT, 'exports'), ...options.ledger }))
  app.plugin(quiz, configure(quiz.Config, { ...options.quiz }))
  const botFork = app.plugin(PlatformBot, { selfId: options.selfId ?? '514' })
  await app.start()
  const bot = app.bots.find(b => b.platform === 'mock') as unknown as PlatformBot
  return {
    app,
    bot,
    file,
    pushFork,
    client: (userId: string, channelId?: string) => bot.client(userId, channelId),
    admin: (channelId: string) => bot.client(ADMIN, channelId),
    async stop() {
      // The bot goes first: stopping the app with it attached trips over satori's teardown.
      botFork.dispose()
      await app.stop()
    },
    async dispose() {
      botFork.dispose()
      await app.stop()
      temp?.remove()
    },
  }
}

export type TestBot = Awaited<ReturnType<typeof createBot>>

/** An instant in Asia/Shanghai, e.g. at('2026-12-04 08:30'). */
export function at(local: string) {
  return new Date(local.replace(' ', 'T') + ':00+08:00')
}
