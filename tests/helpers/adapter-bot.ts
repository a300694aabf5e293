import { dirname, join } from 'node:path'
import { App, Context, Universal } from 'koishi'
import * as help from '@koishijs/plugin-help'
import { HTTP } from '@koishijs/plugin-http'
import * as sqlite from '../../plugins/database-sqlite/src'
import roles, { Config as RolesConfig } from '../../plugins/roles/src'
import content, { Config as ContentConfig } from '../../plugins/content/src'
import * as push from '../../plugins/push/src'
import * as reports from '../../plugins/reports/src'
import * as ledger from '../../plugins/ledger/src'
import * as platforms from '../../plugins/platforms/src'
import { ROOT } from './bot'
import { tempDatabase } from './db-dir'

export interface AdapterBotOptions {
  /** The real adapter plugin and its config, pointed at a fake platform on loopback. */
  adapter: { plugin: any; config: object }
  /** Accounts listed in `pufa-roles.admins`, as `platform:userId`. */
  admins: string[]
  /** Runs before the app starts, e.g. to redirect a hard-coded platform URL to the fake. */
  setup?: (ctx: Context) => void
}

/** The whole bot as deployed (real SQLite file, the project's config/), on a real adapter. */
export async function createAdapterBot(options: AdapterBotOptions) {
  const temp = tempDatabase()
  const dir = dirname(temp.file)
  const app = new App({ baseDir: ROOT, prefix: [''] } as any)
  options.setup?.(app)
  app.plugin(help)
  app.plugin(HTTP)
  app.plugin(sqlite, sqlite.Config({ path: temp.file, exitOnConflict: false } as sqlite.Config))
  app.plugin(roles, RolesConfig({ admins: options.admins } as any))
  app.plugin(content, ContentConfig({ dir: 'config' } as any))
  app.plugin(push, push.Config({ pacing: {} } as push.Config))
  app.plugin(reports, reports.Config({ attachments: join(dir, 'attachments') } as reports.Config))
  app.plugin(ledger, ledger.Config({ exports: join(dir, 'exports') } as ledger.Config))
  app.plugin(platforms, platforms.Config({} as platforms.Config))
  const online = new Promise<void>((resolve) => {
    app.on('bot-status-updated', (bot) => {
      if (bot.status === Universal.Status.ONLINE) resolve()
    })
  })
  // A message counts as sent once the adapter has the platform's answer, not when the fake has it.
  let sent = 0
  let waiting: { count: number; resolve: () => void }[] = []
  app.on('send', () => {
    sent++
    waiting = waiting.filter(waiter => sent < waiter.count || void waiter.resolve())
  })
  const adapterFork = app.plugin(options.adapter.plugin, options.adapter.config)
  await app.start()
  await online
  return {
    app,
    /** Resolves once the adapter has reported `count` messages sent in all. */
    sent: (count: number) => new Promise<void>((resolve) => {
      if (sent >= count) resolve()
      else waiting.push({ count, resolve })
    }),
    deliveries: () => app.database.get('pufa_delivery', {}, { sort: { id: 'asc' } }),
    async dispose() {
      // The adapter goes first: stopping the app with it attached trips over satori's teardown.
      adapterFork.dispose()
      await app.stop()
      temp.remove()
    },
  }
}

export type AdapterBot = Awaited<ReturnType<typeof createAdapterBot>>
