import { spawn, spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DataFileLockedError, lockDataFile } from '../plugins/database-sqlite/src/lock'
import { createBot, ROOT } from './helpers/bot'
import { tempDatabase } from './helpers/db-dir'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function openInAnotherProcess(file: string) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ['-r', 'esbuild-register', '-r', 'yml-register', join(ROOT, 'tests/helpers/open-database.ts'), file], { cwd: ROOT })
    let output = ''
    child.stdout.on('data', chunk => output += chunk)
    child.stderr.on('data', chunk => output += chunk)
    child.on('close', code => resolve({ code, output }))
  })
}

async function runningBot() {
  const db = tempDatabase()
  const t = await createBot({ file: db.file })
  cleanups.push(db.remove, () => t.dispose())
  return db.file
}

describe('one process per SQLite file', () => {
  it('refuses a second process on the same file and says why', async () => {
    const file = await runningBot()
    const { code, output } = await openInAnotherProcess(file)
    expect(code).toBe(1)
    expect(output).toContain(`数据文件 ${file} 正被另一个机器人进程使用（进程号 ${process.pid}，主机 ${hostname()}），本进程拒绝启动。`)
    expect(output).toContain(`若确认它已不在运行，删除 ${file}.lock 后重试`)
    expect(output).not.toContain('started')
  })

  it('refuses a second database plugin on the same file inside one process', async () => {
    const file = await runningBot()
    expect(() => lockDataFile(file)).toThrow(DataFileLockedError)
  })

  it('lets the next process in once the bot has stopped', async () => {
    const db = tempDatabase()
    cleanups.push(db.remove)
    const t = await createBot({ file: db.file })
    await t.stop()
    expect(existsSync(`${db.file}.lock`)).toBe(false)
    const { code, output } = await openInAnotherProcess(db.file)
    expect(output).toContain('started')
    expect(code).toBe(0)
  })

  it('takes over a lock left by a process that was killed', () => {
    const db = tempDatabase()
    cleanups.push(db.remove)
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' })
    const deadPid = Number(gone.stdout.trim())
    writeFileSync(`${db.file}.lock`, JSON.stringify({ pid: deadPid, host: hostname(), started: Date.now() - 60_000 }))
    const release = lockDataFile(db.file)
    expect(existsSync(`${db.file}.lock`)).toBe(true)
    release()
    expect(existsSync(`${db.file}.lock`)).toBe(false)
  })
})
