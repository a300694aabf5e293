import { Context, Schema } from 'koishi'
import { registerChase } from './chase'
import { registerExport } from './export'
import { registerLedger } from './ledger'
import zhCN from './locales/zh-CN.yml'

export interface Config {
  exports: string
  /** Platforms whose bots can send a file into a group. */
  filePlatforms: string[]
  maxLines: number
  /** 导出 of at least this many reports first says it is working on it. */
  noticeRows: number
}

export const Config: Schema<Config> = Schema.object({
  exports: Schema.string().default('data/exports').description('导出的 Excel 台账保存目录。'),
  filePlatforms: Schema.array(String).default(['onebot', 'lark', 'telegram', 'discord', 'kook'])
    .description('可以把文件直接发到群里的平台；其他平台只回复文件位置。'),
  maxLines: Schema.natural().min(5).default(30).description('台账回复最多列出的单位数，其余请导出查看。'),
  noticeRows: Schema.natural().default(5000).description('导出的报送达到这个条数时，先回复“正在导出”（大约每万条需要几十秒）。'),
})

export const name = 'pufa-ledger'
export const inject = ['database', 'pufaContent', 'pufaRoles', 'pufaReports']

export function apply(ctx: Context, config: Config) {
  ctx.i18n.define('zh-CN', zhCN)
  registerLedger(ctx, config)
  registerChase(ctx)
  registerExport(ctx, config)
}
