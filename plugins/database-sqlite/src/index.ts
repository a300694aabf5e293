import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { Context, Schema } from 'koishi'
import { DriverConfig, SerialSQLiteDriver } from './driver'
import { settleFirstContact } from './first-contact'
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
 * the minato driver it wraps works as a plugin by itself. This adds what the WASM driver
 * lacks: a guard so only one process ever writes the file, one operation at a time on its
 * single connection, and strings that cannot break out of the SQL text (see driver.ts);
 * and first contacts that arrive together all get answered (first-contact.ts).
 */
export async function apply(ctx: Context, config: Config) {
  ctx.i18n.define('zh-CN', zhCN)
  const file = resolve(ctx.baseDir, config.path)
  // Readable by the bot's own user only; the driver rewrites the file in place, keeping its mode.
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  closeSync(openSync(file, 'a', 0o600))
  chmodSync(file, 0o600)
  let release: () => void
  try {
    release = await lockDataFile(file)
  } catch (error) {
    if (!(error instanceof DataFileLockedError)) throw error
    const message = ctx.i18n.text(['zh-CN'], ['database-sqlite.locked'], { ...error.owner, file })
    ctx.logger('database-sqlite').error(message)
    if (config.exitOnConflict) process.exit(1)
    throw error
  }
  // The driver releases the lock once it has closed the file.
  ctx.plugin(SerialSQLiteDriver as any, { path: file, release } satisfies DriverConfig)
  settleFirstContact(ctx)
}
