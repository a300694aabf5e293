import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { SQLiteDriver } from '@minatojs/driver-sqlite'
import { Context, Schema } from 'koishi'
import { DataFileLockedError, lockDataFile } from './lock'
import zhCN from './locales/zh-CN.yml'

export const name = 'database-sqlite'

export interface Config {
  path: string
  /** Exit the process when another process holds the data file (what a deployer wants). */
  exitOnConflict: boolean
}

export const Config: Schema<Config> = Schema.object({
  path: Schema.string().default('data/koishi.db').description('数据库文件路径（相对于 koishi.yml 所在目录）。'),
  exitOnConflict: Schema.boolean().default(true).description('数据文件被其他进程占用时退出本进程。'),
})

/**
 * The registry's @koishijs/plugin-database-sqlite calls an API removed in koishi 4.17;
 * the minato driver it wraps works as a plugin by itself. This adds the one thing the
 * WASM driver lacks: a guard so only one process ever writes the file.
 */
export function apply(ctx: Context, config: Config) {
  ctx.i18n.define('zh-CN', zhCN)
  const file = resolve(ctx.baseDir, config.path)
  // Readable by the bot's own user only; the driver rewrites the file in place, keeping its mode.
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  closeSync(openSync(file, 'a', 0o600))
  chmodSync(file, 0o600)
  let release: () => void
  try {
    release = lockDataFile(file)
  } catch (error) {
    if (!(error instanceof DataFileLockedError)) throw error
    const message = ctx.i18n.text(['zh-CN'], ['database-sqlite.locked'], { ...error.owner, file, lockFile: `${file}.lock` })
    ctx.logger('database-sqlite').error(message)
    if (config.exitOnConflict) process.exit(1)
    throw error
  }
  ctx.on('dispose', () => release())
  // The driver is a minato plugin; its Config typing predates koishi 4.18's Schema types.
  ctx.plugin(SQLiteDriver as any, { path: file })
  // The driver writes strings into its SQL text; half an emoji (a lone surrogate) makes
  // that text invalid and the query fail. Messages are made well-formed before any
  // command can carry such a string into a query.
  ctx.middleware((session, next) => {
    const content = session.content
    if (content && !content.isWellFormed()) session.content = content.toWellFormed()
    return next()
  }, true)
}
