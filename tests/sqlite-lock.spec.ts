import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { DataFileLockedError, lockDataFile, lockHolder } from '../plugins/database-sqlite/src/lock'
import { createBot, ROOT } from './helpers/bot'
import { tempDatabase } from './helpers/db-dir'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function startProcess(file: string, ...args: string[]) {
  return spawn(process.execPath, ['-r', 'esbuild-register', '-r', 'yml-register', join(ROOT, 'tests/helpers/open-database.ts'), file, ...args], { cwd: ROOT })
}

/** A process that opens the file, and stops at once if it could. */
function openInAnotherProcess(file: string) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = startProcess(file)
    let output = ''
    child.stdout.on('data', chunk => output += chunk)
    child.stderr.on('data', chunk => output += chunk)
    child.on('close', code => resolve({ code, output }))
  })
}

/** A process that opens the file and keeps it open, once it says it has. */
async function holdingProcess(file: string) {
  const child: ChildProcessWithoutNullStreams = startProcess(file, '--hold')
  const exited = new Promise(resolve => child.on('exit', resolve))
  cleanups.push(() => {
    child.kill('SIGKILL')
    return exited
  })
  let output = ''
  child.stderr.on('data', chunk => output += chunk)
  const lines = createInterface({ input: child.stdout })
  await new Promise<void>((resolve, reject) => {
    lines.on('line', line => line === 'started' && resolve())
    child.on('exit', () => reject(new Error(`holder exited:\n${output}`)))
  })
  return { child, exited }
}

async function runningBot() {
  const db = tempDatabase()
  const t = await createBot({ file: db.file })
  cleanups.push(db.remove, () => t.dispose())
  return db.file
}

describe('one process per SQLite file', () => {
  it('refuses a second process on the same file and names the holder', async () => {
    const file = await runningBot()
    const { code, output } = await openInAnotherProcess(file)
    expect(code).toBe(1)
    expect(output).toContain(`数据文件 ${file} 正被另一个机器人进程使用（进程号 ${process.pid}，主机 ${hostname()}），本进程拒绝启动。`)
    expect(output).not.toContain('started')
  })

  it('refuses this process while another live process holds the file', async () => {
    const db = tempDatabase()
    cleanups.push(db.remove)
    const { child } = await holdingProcess(db.file)
    await expect(lockDataFile(db.file)).rejects.toThrow(new DataFileLockedError(db.file, { pid: child.pid!, host: hostname() }))
    expect(await lockHolder(db.file)).toEqual({ pid: child.pid, host: hostname() })
  })

  it('refuses a second database plugin on the same file inside one process', async () => {
    const file = await runningBot()
    await expect(lockDataFile(file)).rejects.toBeInstanceOf(DataFileLockedError)
  })

  it('is the same lock however the path is written', async () => {
    const file = await runningBot()
    const roundabout = join(file, '..', '.', 'koishi.db')
    await expect(lockDataFile(roundabout)).rejects.toBeInstanceOf(DataFileLockedError)
  })

  it('lets the next process in once the bot has stopped', async () => {
    const db = tempDatabase()
    cleanups.push(db.remove)
    const t = await createBot({ file: db.file })
    await t.stop()
    expect(await lockHolder(db.file)).toBeUndefined()
    const { code, output } = await openInAnotherProcess(db.file)
    expect(output).toContain('started')
    expect(code).toBe(0)
  })

  it('lets a restart in right after the holder was killed', async () => {
    const db = tempDatabase()
    cleanups.push(db.remove)
    const { child, exited } = await holdingProcess(db.file)
    child.kill('SIGKILL')
    await exited
    const t = await createBot({ file: db.file })
    cleanups.push(() => t.dispose())
    expect(await lockHolder(db.file)).toEqual({ pid: process.pid, host: hostname() })
    expect((await t.app.database.get('pufa_unit', {})).length).toBeGreaterThan(0)
  })

  it('lets the same process take the file again after releasing it', async () => {
    const db = tempDatabase()
    cleanups.push(db.remove)
    const release = await lockDataFile(db.file)
    release()
    const again = await lockDataFile(db.file)
    again()
    expect(await lockHolder(db.file)).toBeUndefined()
  })
})
