import { createHash } from 'node:crypto'
import { realpathSync, rmSync } from 'node:fs'
import { connect, createServer, Server } from 'node:net'
import { hostname, tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'

/** Who holds a data file: what its lock answers to anyone who connects. */
export interface LockOwner {
  pid: number
  host: string
}

export class DataFileLockedError extends Error {
  constructor(public readonly file: string, public readonly owner: LockOwner) {
    super(`data file ${file} is in use by process ${owner.pid} on ${owner.host}`)
    this.name = 'DataFileLockedError'
  }
}

/** How long a holder that accepted the connection has to say who it is. */
const ANSWER_MS = 2000

/**
 * The socket a data file's lock listens on, the same however the file's path is written.
 * On Linux it is in the abstract namespace: no file, and the kernel frees it the moment
 * the process dies, however it dies. Elsewhere it is a socket file in the temp folder.
 */
export function lockAddress(file: string): string {
  const real = join(realpathSync(dirname(file)), basename(file))
  const name = `pufa-bot-${createHash('sha256').update(real).digest('hex').slice(0, 32)}`
  return process.platform === 'linux' ? `\0${name}` : join(tmpdir(), `${name}.sock`)
}

/**
 * The process holding a data file's lock, or undefined when none does. Liveness is a
 * connection that succeeds: a dead process's socket refuses it (or is gone).
 */
export function lockHolder(file: string): Promise<LockOwner | undefined> {
  return new Promise((resolve) => {
    const socket = connect(lockAddress(file))
    let answer = ''
    const unknown = () => resolve({ pid: 0, host: hostname() })
    socket.setEncoding('utf8')
    socket.on('connect', () => socket.setTimeout(ANSWER_MS, () => {
      socket.destroy()
      unknown()
    }))
    socket.on('data', chunk => answer += chunk)
    socket.on('end', () => {
      try {
        resolve(JSON.parse(answer))
      } catch {
        unknown()
      }
    })
    socket.on('error', () => resolve(undefined))
  })
}

function listen(server: Server, address: string) {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(address, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

/**
 * Takes the lock for a data file, or rejects with DataFileLockedError naming the holder.
 * The embedded SQLite driver has no cross-process locking, so a second writer would
 * corrupt the file. The lock is a listening socket: it answers who holds it, and it cannot
 * outlive its process. Resolves to the function that releases it (also run at exit).
 */
export async function lockDataFile(file: string): Promise<() => void> {
  const address = lockAddress(file)
  const owner: LockOwner = { pid: process.pid, host: hostname() }
  for (let attempt = 0; ; attempt++) {
    const server = createServer(socket => socket.end(JSON.stringify(owner)))
    try {
      await listen(server, address)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
      const holder = await lockHolder(file)
      if (holder) throw new DataFileLockedError(file, holder)
      // A socket file left by a process that died (never the case in the abstract namespace).
      if (attempt > 0 || address.startsWith('\0')) throw error
      rmSync(address, { force: true })
      continue
    }
    // The lock must not keep a stopping process alive.
    server.unref()
    let held = true
    const release = () => {
      if (!held) return
      held = false
      process.off('exit', release)
      server.close()
    }
    process.once('exit', release)
    return release
  }
}
