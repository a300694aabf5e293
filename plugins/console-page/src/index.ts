import { resolve } from 'node:path'
import { Context, Schema } from 'koishi'
// A type-only import: a runtime import of the console here would load its ESM build, which fails under Node.
import type { Client } from '@koishijs/console'
import { shanghaiDate } from '../../../src/time/shanghai'
import { overview, OverviewReply } from './overview'

declare module '@koishijs/console' {
  interface Events {
    'pufa-console/overview'(this: Client, period: string): Promise<OverviewReply>
  }
}

export const name = 'pufa-console'
export const inject = ['console', 'pufaLedger', 'pufaContent']

export interface Config {
  authority: number
}

export const Config: Schema<Config> = Schema.object({
  authority: Schema.natural().min(1).max(5).default(3).description('查看「普法台账」页面需要的权限等级。'),
})

/**
 * The built page, addressed through node_modules: in production the console serves a
 * plugin's files only from its own folder or from a path containing node_modules, and this
 * workspace package is linked there (the real path under plugins/ would be refused).
 */
const DIST = resolve(__dirname, '../../../node_modules/koishi-plugin-pufa-console/dist')

export function apply(ctx: Context, config: Config) {
  ctx.console.addEntry({ dev: resolve(__dirname, '../client/index.ts'), prod: DIST })
  // The console checks `authority` only when the login plugin (auth) is loaded, as in the production profile.
  ctx.console.addListener('pufa-console/overview', period => overview(ctx, String(period ?? ''), shanghaiDate(new Date())), {
    authority: config.authority,
  })
}
