import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { App, Bot, Plugin, Universal } from 'koishi'
import * as help from '@koishijs/plugin-help'
import { HTTP } from '@koishijs/plugin-http'
import * as sqlite from '../../plugins/database-sqlite/src'
import * as platforms from '../../plugins/platforms/src'
import roles, { Config as RolesConfig } from '../../plugins/roles/src'
import content, { Config as ContentConfig } from '../../plugins/content/src'
import * as push from '../../plugins/push/src'
import * as reports from '../../plugins/reports/src'
import * as ledger from '../../plugins/ledger/src'
import { ROOT } from './bot'
import { tempDatabase } from './db-dir'

// The CommonJS build, like the rest of Koishi in tests (vitest would pick the ESM one, with its own cordis).
const { Server } = createRequire(__filename)('@koishijs/plugin-server') as typeof import('@koishijs/plugin-server')

export interface PlatformAppOptions {
  /** The real adapter plugin and its configuration, as a deployer writes it in koishi.yml. */
  adapter: Plugin<any, any>
  config: Record<string, unknown>
  /** Platform accounts (`platform:userId`) that are admins. */
  admins: string[]
  /** Listen on a free loopback port (for adapters that take incoming connections). */
  server?: boolean
  push?: Partial<push.Config>
  platforms?: Partial<platforms.Config>
}

/** A free loopback port: the Koishi server plugin treats port 0 as "do not listen". */
export function freePort() {
  return new Promise<number>((resolve, reject) => {
    const probe = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

/**
 * The bot as deployed, with the real adapter plugin in place of the mock bot: real SQLite
 * file, the project's config/, every feature plugin, and `plugins/platforms`.
 */
export async function createPlatformApp(options: PlatformAppOptions) {
  const temp = tempDatabase()
  const dir = dirname(temp.file)
  const app = new App({ baseDir: ROOT, prefix: [''] } as any)
  let port: number | undefined
  if (options.server) {
    port = await freePort()
    app.plugin(Server, { host: '127.0.0.1', port, maxPort: port })
  }
  app.plugin(help)
  app.plugin(HTTP)
  app.plugin(sqlite, sqlite.Config({ path: temp.file, exitOnConflict: false } as sqlite.Config))
  app.plugin(platforms, platforms.Config({ ...options.platforms } as platforms.Config))
  app.plugin(roles, RolesConfig({ admins: options.admins } as RolesConfig))
  app.plugin(content, ContentConfig({ dir: 'config' } as ContentConfig))
  app.plugin(push, push.Config({ pacing: {}, ...options.push } as push.Config))
  app.plugin(reports, reports.Config({ attachments: join(dir, 'attachments') } as reports.Config))
  app.plugin(ledger, ledger.Config({ exports: join(dir, 'exports') } as ledger.Config))
  const adapterFork = app.plugin(options.adapter as Plugin.Object<any, any>, options.config)
  // Messages still being handled when a test ends would write to a closed database.
  let handling = 0, handled = 0, idle = () => {}
  const counted: { count: number; resolve: () => void }[] = []
  app.on('message', () => { handling++ })
  app.on('middleware', () => {
    handled++
    for (const waiter of counted.filter(w => handled >= w.count)) counted.splice(counted.indexOf(waiter), 1), waiter.resolve()
    if (--handling === 0) idle()
  })
  await app.start()
  return {
    app,
    port,
    /** The adapter's bot, whatever its connection state. */
    get bot(): Bot {
      return app.bots.find(bot => !bot.hidden)!
    },
    /** Incoming messages handled to the end (replies sent, dropped or not), since start. */
    get handled() {
      return handled
    },
    /** Resolves once `count` incoming messages have been handled to the end. */
    whenHandled(count: number) {
      return handled >= count ? Promise.resolve() : new Promise<void>(resolve => counted.push({ count, resolve }))
    },
    /** Resolves once the bot is online (it may already be). */
    online() {
      return new Promise<void>((resolve) => {
        const check = () => this.bot?.status === Universal.Status.ONLINE
        if (check()) return resolve()
        const off = app.on('bot-status-updated', () => {
          if (check()) off(), resolve()
        })
      })
    },
    async dispose() {
      if (handling > 0) await new Promise<void>(resolve => idle = resolve)
      adapterFork.dispose()
      await app.stop()
      temp.remove()
    },
  }
}

export type PlatformApp = Awaited<ReturnType<typeof createPlatformApp>>
