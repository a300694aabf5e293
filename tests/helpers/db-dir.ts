import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A temp folder for a database file that outlives one bot (restarts), removed at the end. */
export function tempDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'pufa-'))
  return { file: join(dir, 'koishi.db'), remove: () => rmSync(dir, { recursive: true, force: true }) }
}
