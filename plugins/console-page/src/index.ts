import { resolve } from 'node:path'
import { Context } from 'koishi'
// A type-only import: a runtime import of the console here would load its ESM build, which fails under Node.
import type { Client } from '@koishijs/console'
import { shanghaiDate } from '../../../src/time/shanghai'
import { AUTHORITY } from './authority'
import { DownloadKind, DownloadReply, Downloads } from './downloads'
import { consoleIdentity } from './identity'
import zhCN from './locales/zh-CN.yml'
import { chase, ChaseReply, missing, MissingReply } from './missing'
import { overview, OverviewReply } from './overview'
import { preview, PreviewReply, pushes, PushesReply } from './pushes'
import { addUnit, ChangeReply, invite, photo, stopUnit, unitDetail, UnitDetail, unitList, UnitSummary } from './units'

declare module '@koishijs/console' {
  interface Events {
    'pufa-console/overview'(this: Client, period: string): Promise<OverviewReply>
    'pufa-console/units'(this: Client): Promise<{ units: UnitSummary[]; kinds: string[] }>
    'pufa-console/unit'(this: Client, unitId: number): Promise<UnitDetail | undefined>
    'pufa-console/photo'(this: Client, reportId: number, name: string): Promise<string | null>
    'pufa-console/add-unit'(this: Client, name: string, kind: string): Promise<ChangeReply>
    'pufa-console/stop-unit'(this: Client, unitId: number): Promise<ChangeReply>
    'pufa-console/missing'(this: Client, period: string, keyDate: string): Promise<MissingReply>
    'pufa-console/chase'(this: Client, period: string, keyDate: string): Promise<ChaseReply>
    'pufa-console/pushes'(this: Client, date: string): Promise<PushesReply>
    'pufa-console/preview'(this: Client, platform: string, channelId: string, date: string): Promise<PreviewReply>
    'pufa-console/download'(this: Client, kind: DownloadKind, period: string): DownloadReply
    'pufa-console/invite'(this: Client, unitId: number): Promise<{ unit: string; code: string; expiresAt: number; days: number } | null>
  }
}

export const name = 'pufa-console'
export const inject = ['console', 'server', 'database', 'pufaLedger', 'pufaContent', 'pufaReports', 'pufaPush']

/**
 * The built page, addressed through node_modules: in production the console serves files
 * only from its own dist folder or from a path containing node_modules, and this workspace
 * package is linked there (the real path under plugins/ is refused with 403).
 */
const DIST = resolve(__dirname, '../../../node_modules/koishi-plugin-pufa-console/dist')

export function apply(ctx: Context) {
  ctx.i18n.define('zh-CN', zhCN)
  ctx.console.addEntry({ dev: resolve(__dirname, '../client/index.ts'), prod: DIST })
  // The console checks `authority` only when the login plugin (auth) is loaded, as in the production profile.
  const admin = { authority: AUTHORITY }
  const today = () => shanghaiDate(new Date())
  ctx.console.addListener('pufa-console/overview', period => overview(ctx, String(period ?? ''), today()), admin)
  ctx.console.addListener('pufa-console/units', () => unitList(ctx), admin)
  ctx.console.addListener('pufa-console/unit', unitId => unitDetail(ctx, Number(unitId)), admin)
  ctx.console.addListener('pufa-console/photo', (reportId, name) => photo(ctx, Number(reportId), String(name)), admin)
  ctx.console.addListener('pufa-console/add-unit', (name, kind) => addUnit(ctx, String(name ?? ''), String(kind ?? '')), admin)
  ctx.console.addListener('pufa-console/stop-unit', unitId => stopUnit(ctx, Number(unitId)), admin)
  ctx.console.addListener('pufa-console/missing', (period, keyDate) => missing(ctx, String(period ?? ''), String(keyDate ?? ''), today()), admin)
  ctx.console.addListener('pufa-console/chase', function (period, keyDate) {
    // From the console: every officer by private message, the admin named by their console account.
    return chase(ctx, String(period ?? ''), String(keyDate ?? ''), today(), { platform: 'console', userId: consoleIdentity(this), isDirect: true })
  }, admin)
  ctx.console.addListener('pufa-console/pushes', date => pushes(ctx, String(date ?? '').trim(), today()), admin)
  ctx.console.addListener('pufa-console/preview', (platform, channelId, date) => preview(ctx, String(platform ?? ''), String(channelId ?? ''), String(date ?? '').trim(), today()), admin)
  const downloads = new Downloads(ctx)
  ctx.console.addListener('pufa-console/download', (kind, period) => downloads.issue(kind === 'photos' ? 'photos' : 'xlsx', String(period ?? ''), today()), admin)
  ctx.console.addListener('pufa-console/invite', function (unitId) {
    return invite(ctx, Number(unitId), consoleIdentity(this))
  }, admin)
}
