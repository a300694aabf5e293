import { resolve } from 'node:path'
import { Context } from 'koishi'
// A type-only import: a runtime import of the console here would load its ESM build, which fails under Node.
import type { Client } from '@koishijs/console'
import { shanghaiDate } from '../../../src/time/shanghai'
import { AUTHORITY } from './authority'
import { overview, OverviewReply } from './overview'

declare module '@koishijs/console' {
  interface Events {
    'pufa-console/overview'(this: Client, period: string): Promise<OverviewReply>
  }
}

export const name = 'pufa-console'
export const inject = ['console', 'pufaLedger', 'pufaContent']

/**
 * The built page, addressed through node_modules: in production the console serves files
 * only from its own dist folder or from a path containing node_modules, and this workspace
 * package is linked there (the real path under plugins/ is refused with 403).
 */
const DIST = resolve(__dirname, '../../../node_modules/koishi-plugin-pufa-console/dist')

export function apply(ctx: Context) {
  ctx.console.addEntry({ dev: resolve(__dirname, '../client/index.ts'), prod: DIST })
  // The console checks `authority` only when the login plugin (auth) is loaded, as in the production profile.
  ctx.console.addListener('pufa-console/overview', period => overview(ctx, String(period ?? ''), shanghaiDate(new Date())), {
    authority: AUTHORITY,
  })
}
