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
}

export const Config: Schema<Config> = Schema.object({
  exports: Schema.string().default('data/exports').description('导出的 Excel 台账保存目录。'),
  filePlatforms: Schema.array(String).default(['onebot', 'lark', 'dingtalk', 'telegram', 'discord', 'kook'])
    .description('可以把文件直接发到群里的平台；其他平台只回复文件位置。'),
  maxLines: Schema.natural().min(5).default(30).description('台账回复最多列出的单位数，其余请导出查看。'),
})

export const name = 'pufa-ledger'
export const inject = ['database', 'pufaContent', 'pufaRoles', 'pufaReports']

export function apply(ctx: Context, config: Config) {
  ctx.i18n.define('zh-CN', zhCN)
  registerLedger(ctx, config)
  registerChase(ctx)
  registerExport(ctx, config)
}
