import { Context, Schema } from 'koishi'
import { registerChase } from './chase'
import { registerExport } from './export'
import { registerExportRetention } from './export-retention'
import { registerLedger } from './ledger'
import zhCN from './locales/zh-CN.yml'
import { PufaLedger } from './service'
import { warmUpOnStart } from './warm-up'

export { PufaLedger }
export type { ChaseFrom, ChaseReport, OfficerChase } from './chase'

export interface Config {
  exports: string
  /** Days an exported workbook is kept (0: for ever). */
  exportDays: number
  /** Platforms whose bots can send a file in a private chat. */
  filePlatforms: string[]
  maxLines: number
  /** 导出 of at least this many reports first says it is working on it. */
  noticeRows: number
}

export const Config: Schema<Config> = Schema.object({
  exports: Schema.string().default('data/exports').description('导出的 Excel 台账保存目录。'),
  exportDays: Schema.natural().default(7).description('导出的台账文件保存天数（0 为永久）；需要时可随时重新导出。'),
  filePlatforms: Schema.array(String).default(['onebot', 'lark', 'telegram', 'discord', 'kook'])
    .description('可以私信发送文件的平台：导出的台账、履职报告草稿私信发给提出的人；其他平台只回复文件位置（钉钉适配器会丢弃文件，不在其列）。'),
  maxLines: Schema.natural().min(5).default(30).description('台账回复最多列出的单位数，其余请导出查看。'),
  noticeRows: Schema.natural().default(5000).description('导出的报送达到这个条数时，先回复“正在导出”（大约每万条需要一秒）。'),
})

export const name = 'pufa-ledger'
export const inject = ['database', 'pufaContent', 'pufaRoles', 'pufaReports', 'pufaDelivery']

export function apply(ctx: Context, config: Config) {
  ctx.i18n.define('zh-CN', zhCN)
  ctx.plugin(PufaLedger, config)
  registerLedger(ctx, config)
  registerChase(ctx)
  registerExport(ctx, config)
  registerExportRetention(ctx, config)
  warmUpOnStart(ctx, config.maxLines)
}
