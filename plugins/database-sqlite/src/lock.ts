import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'

/** Who holds a data file: written into `<file>.lock` while a process uses it. */
export interface LockOwner {
  pid: number
  host: string
  /** When the owning process started (ms since epoch), to tell a reused pid from its owner. */
  started: number
}

export class DataFileLockedError extends Error {
  constructor(public readonly file: string, public readonly owner: LockOwner) {
    super(`data file ${file} is in use by process ${owner.pid} on ${owner.host}`)
    this.name = 'DataFileLockedError'
  }
}

const processStarted = () => Math.round(Date.now() - process.uptime() * 1000)

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readOwner(lockFile: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(lockFile, 'utf8'))
  } catch {
    return undefined
  }
}

/** A lock left by a process that is gone (or by an earlier run that had our pid). */
function isStale(owner: LockOwner | undefined): boolean {
  if (!owner || owner.host !== hostname()) return !owner
  if (owner.pid === process.pid) return Math.abs(owner.started - processStarted()) > 2000
  return !isAlive(owner.pid)
}

/**
 * Takes the lock for a data file, or throws DataFileLockedError naming the holder.
 * The embedded SQLite driver has no cross-process locking, so a second writer would
 * corrupt the file. Returns the function that releases the lock.
 */
export function lockDataFile(file: string): () => void {
  const lockFile = `${file}.lock`
  const owner: LockOwner = { pid: process.pid, host: hostname(), started: processStarted() }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx')
      writeSync(fd, JSON.stringify(owner))
      closeSync(fd)
      return () => {
        const current = readOwner(lockFile)
        if (current?.pid === owner.pid && current.started === owner.started) unlinkSync(lockFile)
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = readOwner(lockFile)
      if (!isStale(holder)) throw new DataFileLockedError(file, holder!)
      unlinkSync(lockFile)
    }
  }
  throw new DataFileLockedError(file, readOwner(lockFile) ?? owner)
}
