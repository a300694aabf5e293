import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { createBot } from './helpers/bot'

let dir: string

afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

it('the database folder and file are readable by the bot\'s user only, and the data survives a restart', async () => {
  dir = mkdtempSync(join(tmpdir(), 'pufa-modes-'))
  const file = join(dir, 'data', 'koishi.db')
  const first = await createBot({ file })
  expect(statSync(join(dir, 'data')).mode & 0o777).toBe(0o700)
  expect(statSync(file).mode & 0o777).toBe(0o600)
  expect(await first.admin('g1').receive('单位 添加 新建镇')).toHaveLength(1)
  await first.stop()
  const second = await createBot({ file })
  expect((await second.app.database.get('pufa_unit', { name: '新建镇' })).length).toBe(1)
  expect(statSync(file).mode & 0o777).toBe(0o600)
  await second.stop()
})
