// The real OneBot adapter (koishi-plugin-adapter-onebot) against a fake OneBot v11
// implementation on loopback: forward and reverse WebSocket, commands, pushes, failures,
// timeouts, a restarting implementation, and 催报's @-mentions.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { parse } from 'yaml'
import { Universal } from 'koishi'
import OneBot from 'koishi-plugin-adapter-onebot'
import { at, ROOT } from './helpers/bot'
import { codeIn } from './helpers/reports'
import { createPlatformApp, PlatformApp } from './helpers/platform-app'
import { FakeOneBot, plainText } from './helpers/fake-onebot'

const SELF = '10001', ADMIN = 20001, MEMBER = 20002, GROUP = 30001
const apps: PlatformApp[] = []
const fakes: FakeOneBot[] = []

afterEach(async () => {
  for (const app of apps.splice(0)) await app.dispose()
  for (const fake of fakes.splice(0)) await fake.stop()
  vi.useRealTimers()
})

/**
 * Fake clock for the schedule; sockets and setImmediate stay real, so the adapter's
 * traffic flows while the test holds the clock still.
 */
function fakeClock(local: string) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
  vi.setSystemTime(at(local))
}

/** Runs the fake clock to a Shanghai minute (plus some seconds), firing every timer on the way. */
async function runUntil(local: string, seconds = 0) {
  await vi.advanceTimersByTimeAsync(at(local).getTime() + seconds * 1000 - Date.now())
}

/** A fake OneBot implementation listening for the bot, and the bot connected to it (forward WebSocket). */
async function forward(options: { push?: object; config?: object } = {}) {
  const fake = new FakeOneBot(SELF, 'onebot-access-token')
  fakes.push(fake)
  await fake.listen()
  const t = await createPlatformApp({
    adapter: OneBot,
    config: { selfId: SELF, token: 'onebot-access-token', protocol: 'ws', endpoint: fake.url, ...options.config },
    admins: [`onebot:${ADMIN}`],
    push: options.push,
    platforms: { restartDelay: 10_000 },
  })
  apps.push(t)
  await t.online()
  return { fake, t }
}

/** A member says `text` in a group; resolves with the text of the bot's first reply there. */
async function say(fake: FakeOneBot, userId: number, text: string, groupId = GROUP) {
  const reply = fake.next('send_group_msg')
  fake.groupMessage(groupId, userId, text)
  const { params } = await reply
  expect(params.group_id).toBe(groupId)
  return plainText(params.message)
}

function deliveries(t: PlatformApp) {
  return t.app.database.get('pufa_delivery', {}, { sort: { id: 'asc' } })
}

/** Waits (on the real clock) until the dispatcher has recorded an outcome for every attempt. */
async function settled(t: PlatformApp, count: number) {
  await vi.waitFor(async () => {
    const rows = await deliveries(t)
    expect(rows.filter(row => row.status !== 'claimed' && row.status !== 'sending')).toHaveLength(count)
  }, { timeout: 10_000 })
  return deliveries(t)
}

/** Pushes into the group: send_group_msg calls other than replies to commands. */
function pushes(fake: FakeOneBot, since: number) {
  return fake.calls.slice(since).filter(call => call.action === 'send_group_msg' && call.params.group_id === GROUP)
}

describe('OneBot v11, forward WebSocket', () => {
  it('connects with the access token and answers 今日普法 in the group through send_group_msg', async () => {
    const { fake } = await forward()
    expect(fake.made('get_login_info')).toHaveLength(1)
    expect(await say(fake, MEMBER, '今日普法')).toMatch(/^【每日一法】.+\n[\s\S]+\n📖 依据：《.+》第.+条/)
  })

  it('pushes the daily tip at its minute, exactly once', async () => {
    fakeClock('2026-12-02 07:00')
    const { fake, t } = await forward()
    expect(await say(fake, ADMIN, '订阅 -t 08:30 --no-dates')).toMatch(/^已为本群订阅。/)
    const start = fake.calls.length
    await runUntil('2026-12-02 08:29', 30)
    expect(pushes(fake, start)).toEqual([])
    await runUntil('2026-12-02 08:30', 1)
    const [row] = await settled(t, 1)
    expect(row).toMatchObject({ status: 'sent', attempt: 1, channelId: String(GROUP) })
    await runUntil('2026-12-02 23:59')
    const sent = pushes(fake, start)
    expect(sent).toHaveLength(1)
    expect(plainText(sent[0].params.message)).toMatch(/^【每日一法】/)
    expect(row.messageIds).toHaveLength(1)
    // The pushed tip is the group's tip of the day.
    expect(await say(fake, MEMBER, '今日普法')).toBe(plainText(sent[0].params.message))
  })

  it('records a failed send (retcode ≠ 0) as failed and retries it', async () => {
    fakeClock('2026-12-02 07:00')
    const { fake, t } = await forward()
    await say(fake, ADMIN, '订阅 -t 08:30 --no-dates')
    fake.answers.set('send_group_msg', { retcode: 1200 })
    const start = fake.calls.length
    await runUntil('2026-12-02 08:30', 1)
    const [failed] = await settled(t, 1)
    expect(failed).toMatchObject({ status: 'failed', attempt: 1 })
    expect(failed.error).toMatch(/retcode: 1200/)
    expect(failed.nextAttemptAt).toBeInstanceOf(Date)
    fake.answers.delete('send_group_msg')
    await runUntil('2026-12-02 08:32', 1)
    const rows = await settled(t, 2)
    expect(rows.map(row => [row.attempt, row.status])).toEqual([[1, 'failed'], [2, 'sent']])
    await runUntil('2026-12-02 12:00')
    expect(pushes(fake, start)).toHaveLength(2)
  })

  it('records a send the implementation never answers as unknown and does not send it again', async () => {
    fakeClock('2026-12-02 07:00')
    const { fake, t } = await forward({ push: { sendTimeout: 30_000 } })
    await say(fake, ADMIN, '订阅 -t 08:30 --no-dates')
    fake.answers.set('send_group_msg', 'silent')
    const start = fake.calls.length
    await runUntil('2026-12-02 08:30', 1)
    await fake.next('send_group_msg', start)
    await vi.advanceTimersByTimeAsync(30_000)
    const [row] = await settled(t, 1)
    expect(row).toMatchObject({ status: 'unknown', error: 'timeout', attempt: 1 })
    await runUntil('2026-12-02 23:59')
    expect(pushes(fake, start)).toHaveLength(1)
    expect(await deliveries(t)).toHaveLength(1)
  })

  it('reconnects by itself when the implementation restarts mid-day, and the push still arrives', async () => {
    fakeClock('2026-12-02 07:00')
    const { fake, t } = await forward()
    await say(fake, ADMIN, '订阅 -t 10:00 --no-dates')
    await runUntil('2026-12-02 09:00')
    const offline = new Promise<void>(resolve => t.app.on('bot-status-updated', (bot) => {
      if (bot.status === Universal.Status.OFFLINE) resolve()
    }))
    await fake.stop()
    await offline
    // Away for ten seconds, then back on the same port (NapCat restarting, say).
    await vi.advanceTimersByTimeAsync(10_000)
    await fake.listen()
    const logins = fake.made('get_login_info').length
    await vi.waitFor(() => {
      vi.advanceTimersByTime(1_000)
      expect(t.bot.status).toBe(Universal.Status.ONLINE)
    }, { timeout: 10_000, interval: 20 })
    expect(fake.made('get_login_info')).toHaveLength(logins + 1)
    const start = fake.calls.length
    await runUntil('2026-12-02 10:00', 1)
    const [row] = await settled(t, 1)
    expect(row).toMatchObject({ status: 'sent', attempt: 1 })
    expect(pushes(fake, start)).toHaveLength(1)
  })

  it('leaves a bot stopped on purpose stopped', async () => {
    fakeClock('2026-12-02 07:00')
    const { fake, t } = await forward()
    await t.bot.stop()
    expect(t.bot.status).toBe(Universal.Status.OFFLINE)
    await vi.advanceTimersByTimeAsync(120_000)
    expect(t.bot.status).toBe(Universal.Status.OFFLINE)
    expect(fake.made('get_login_info')).toHaveLength(1)
  })

  it('@-mentions the officers of silent units in 催报 as OneBot at segments', async () => {
    const { fake } = await forward()
    // The code goes to the admin privately (send_private_msg), the group only hears that.
    const privately = fake.next('send_private_msg')
    expect(await say(fake, ADMIN, '单位 邀请 城关镇')).toMatch(/^“城关镇”的联络员邀请码已私信发给你/)
    const { params: sent } = await privately
    expect(sent.user_id).toBe(ADMIN)
    const code = codeIn(plainText(sent.message))
    expect(await say(fake, MEMBER, `绑定 ${code}`)).toBe('绑定成功，你现在是「城关镇」的联络员。活动结束后发送「报送」即可登记。')
    const start = fake.calls.length
    fake.groupMessage(GROUP, ADMIN, '催报')
    const { params } = await fake.next('send_group_msg', start)
    expect(params.message).toContainEqual({ type: 'at', data: { qq: String(MEMBER), name: expect.any(String) } })
    expect(plainText(params.message)).toMatch(new RegExp(`^【催报】.+\\[CQ:at,qq=${MEMBER}\\]$`))
    const summary = await fake.next('send_group_msg', start + 1)
    expect(plainText(summary.params.message)).toMatch(/^已催报 1 个单位。/)
  })
})

describe('OneBot v11, as the README sets it up', () => {
  /** The adapter entry of the README's OneBot section, and the disabled one in koishi.yml. */
  function documented() {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const section = readme.slice(readme.indexOf('## 接入 QQ（OneBot v11）'))
    const yaml = /```yaml\n([\s\S]+?)```/.exec(section)![1]
    const [[key, config]] = Object.entries(parse(yaml) as Record<string, Record<string, unknown>>)
    const deployed = parse(readFileSync(join(ROOT, 'koishi.yml'), 'utf8')).plugins['group:platforms']
    return { key, config, shipped: deployed[`~${key}`] as Record<string, unknown> }
  }

  it('documents the keys koishi.yml ships, disabled', () => {
    const { key, config, shipped } = documented()
    expect(key).toBe('adapter-onebot:q5n8re')
    expect(Object.keys(shipped)).toEqual(Object.keys(config))
    expect(shipped).toMatchObject({ protocol: 'ws', endpoint: 'ws://127.0.0.1:3001' })
  })

  it('gives a working bot with the README\'s configuration, filled in', async () => {
    const qq = '2854196310', token = 'a-token-set-in-napcat'
    const fake = new FakeOneBot(qq, token)
    fakes.push(fake)
    await fake.listen()
    // The three values a deployer fills in; everything else exactly as documented.
    const config = { ...documented().config, selfId: qq, token, endpoint: `ws://127.0.0.1:${fake.port}` }
    const t = await createPlatformApp({ adapter: OneBot, config, admins: [`onebot:${ADMIN}`] })
    apps.push(t)
    await t.online()
    expect(await say(fake, MEMBER, '今日普法')).toMatch(/^【每日一法】/)
    expect(await say(fake, ADMIN, '订阅')).toMatch(/^已为本群订阅。/)
  })
})

describe('OneBot v11, 导出 files', () => {
  it('uploads the workbook to the admin privately with upload_private_file where the implementation has it', async () => {
    const { fake } = await forward()
    fake.answers.set('upload_private_file', { data: null })
    const upload = fake.next('upload_private_file')
    const reply = await say(fake, ADMIN, '导出 2026-12')
    const { params } = await upload
    expect(params).toMatchObject({ user_id: ADMIN, file: expect.stringMatching(/台账-2026-12-01_2026-12-31-\d+\.xlsx$/), name: expect.stringMatching(/^台账-2026-12-01_2026-12-31-\d+\.xlsx$/) })
    expect(fake.made('upload_group_file')).toHaveLength(0)
    expect(reply).toMatch(/^已导出 2026年12月台账：0 条报送.+\n台账含各单位联络员姓名，已私信发给你，没有发到群里。服务器上另存一份，文件：.*exports\/台账-.+\.xlsx$/s)
  })

  it('still tells where the file is when the implementation has no upload action', async () => {
    const { fake } = await forward()
    const reply = await say(fake, ADMIN, '导出 2026-12')
    expect(fake.made('upload_private_file')).toHaveLength(1)
    expect(reply).toMatch(/^已导出 2026年12月台账：0 条报送.+\n文件没有发出去（没能私信，或平台、协议端不支持发文件）：.+文件：.*exports\/台账-.+\.xlsx$/s)
  })
})

describe('OneBot v11, reverse WebSocket', () => {
  async function reverse() {
    const t = await createPlatformApp({
      adapter: OneBot,
      config: { selfId: SELF, token: 'onebot-access-token', protocol: 'ws-reverse', path: '/onebot' },
      admins: [`onebot:${ADMIN}`],
      server: true,
    })
    apps.push(t)
    const fake = new FakeOneBot(SELF, 'onebot-access-token')
    fakes.push(fake)
    await fake.dial(`ws://127.0.0.1:${t.port}/onebot`)
    await t.online()
    return { fake, t }
  }

  it('takes the implementation\'s connection at the path and answers a command', async () => {
    const { fake } = await reverse()
    expect(await say(fake, MEMBER, '今日普法')).toMatch(/^【每日一法】/)
  })

  it('comes back online when the implementation dials again after a restart, and pushes', async () => {
    fakeClock('2026-12-02 07:00')
    const { fake, t } = await reverse()
    await say(fake, ADMIN, '订阅 -t 10:00 --no-dates')
    await fake.stop()
    await vi.waitFor(() => expect(t.bot.status).toBe(Universal.Status.OFFLINE))
    await runUntil('2026-12-02 09:00')
    await fake.dial(`ws://127.0.0.1:${t.port}/onebot`)
    await t.online()
    const start = fake.calls.length
    await runUntil('2026-12-02 10:00', 1)
    const [row] = await settled(t, 1)
    expect(row).toMatchObject({ status: 'sent', attempt: 1 })
    expect(pushes(fake, start)).toHaveLength(1)
  })
})
