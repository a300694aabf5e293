// Half-filled adapter entries in koishi.yml: the deployer is told what to fill in, where the
// adapters would only log a bare connection error and retry.
import { Logger, Universal } from 'koishi'
import OneBot from 'koishi-plugin-adapter-onebot'
import DingTalk from '@satorijs/adapter-dingtalk'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { createPlatformApp, PlatformApp } from './helpers/platform-app'
import { FakeOneBot } from './helpers/fake-onebot'

const apps: PlatformApp[] = []
const fakes: FakeOneBot[] = []
const errors: string[] = []
const target: Logger.Target = { colors: 0, record: record => record.type === 'error' && errors.push(record.content) }

beforeEach(() => {
  Logger.targets.push(target)
})

afterEach(async () => {
  for (const app of apps.splice(0)) await app.dispose()
  for (const fake of fakes.splice(0)) await fake.stop()
  Logger.targets.splice(Logger.targets.indexOf(target), 1)
  errors.length = 0
})

async function start(adapter: typeof OneBot | typeof DingTalk, config: Record<string, unknown>) {
  const t = await createPlatformApp({ adapter, config, admins: [] })
  apps.push(t)
  return t
}

it('names the missing QQ number', async () => {
  await start(OneBot, { selfId: '', protocol: 'ws', endpoint: 'ws://127.0.0.1:9' })
  expect(errors).toContainEqual(expect.stringContaining('QQ 机器人没有填写 QQ 号。'))
})

it('says a reverse WebSocket needs the server plugin', async () => {
  await start(OneBot, { selfId: '10001', protocol: 'ws-reverse', path: '/onebot' })
  expect(errors).toContainEqual(expect.stringContaining('没有启用 server 插件'))
})

it('names the missing DingTalk credentials', async () => {
  await start(DingTalk, { protocol: 'ws', appkey: 'dingappkey123', secret: '', api: { endpoint: 'http://127.0.0.1:9/v1.0/' } })
  expect(errors).toContainEqual(expect.stringContaining('钉钉机器人缺少 secret。'))
})

it('says when the implementation is logged in as another QQ than selfId', async () => {
  const fake = new FakeOneBot('10002')
  fakes.push(fake)
  await fake.listen()
  const t = await start(OneBot, { selfId: '10001', protocol: 'ws', endpoint: fake.url })
  await t.online()
  expect(t.bot.status).toBe(Universal.Status.ONLINE)
  expect(errors).toContainEqual(expect.stringContaining('selfId 是 10001，但协议端登录的是 QQ 10002'))
})

it('says nothing about a complete configuration', async () => {
  const fake = new FakeOneBot('10001')
  fakes.push(fake)
  await fake.listen()
  const t = await start(OneBot, { selfId: '10001', protocol: 'ws', endpoint: fake.url })
  await t.online()
  await vi.waitFor(() => expect(fake.made('get_login_info')).toHaveLength(1))
  expect(errors).toEqual([])
})
