// The real DingTalk adapter (@satorijs/adapter-dingtalk) in Stream mode against a fake of
// DingTalk's open API and Stream WebSocket on loopback: a command, a group push, and
// callbacks DingTalk delivers again because the adapter never acknowledges them.
import { afterEach, describe, expect, it, vi } from 'vitest'
import DingTalk from '@satorijs/adapter-dingtalk'
import { at } from './helpers/bot'
import { storedInvite } from './helpers/reports'
import { createPlatformApp, PlatformApp } from './helpers/platform-app'
import { FakeDingTalk } from './helpers/fake-dingtalk'
import { pruneSeenMessages } from '../plugins/platforms/src/seen-messages'

const APP_KEY = 'dingappkey123', APP_SECRET = 'app-secret-value'
const ADMIN = 'manager01', OFFICER = 'staff02', GROUP = 'cidGroup001=='
const apps: PlatformApp[] = []
const fakes: FakeDingTalk[] = []

afterEach(async () => {
  for (const app of apps.splice(0)) await app.dispose()
  for (const fake of fakes.splice(0)) await fake.close()
  vi.useRealTimers()
})

function fakeClock(local: string) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
  vi.setSystemTime(at(local))
}

async function runUntil(local: string, seconds = 0) {
  await vi.advanceTimersByTimeAsync(at(local).getTime() + seconds * 1000 - Date.now())
}

async function stream() {
  const fake = new FakeDingTalk(APP_KEY, APP_SECRET)
  fakes.push(fake)
  await fake.listen()
  const t = await createPlatformApp({
    adapter: DingTalk,
    config: { protocol: 'ws', appkey: APP_KEY, secret: APP_SECRET, agentId: 3001, ...fake.config },
    admins: [`dingtalk:${ADMIN}`],
  })
  apps.push(t)
  await t.online()
  return { fake, t }
}

/** A member writes `text` in the group; resolves with what the robot answers there. */
async function say(fake: FakeDingTalk, staffId: string, text: string) {
  const reply = fake.next()
  fake.groupMessage(GROUP, staffId, text)
  const send = await reply
  expect(send.body.openConversationId).toBe(GROUP)
  return send.text
}

describe('DingTalk enterprise robot, Stream mode', () => {
  it('opens the Stream connection with the app credentials and answers 今日普法 in the group', async () => {
    const { fake } = await stream()
    expect(fake.requests.slice(0, 3)).toEqual([
      'POST /v1.0/oauth2/accessToken',
      'GET /v1.0/microApp/allInnerApps',
      'POST /v1.0/gateway/connections/open',
    ])
    expect(fake.connected).toBe(1)
    const reply = await say(fake, OFFICER, '今日普法')
    expect(reply).toMatch(/^【每日一法】.+\n[\s\S]+\n📖 依据：《.+》第.+条/)
    expect(fake.sends[0].body).toMatchObject({ msgKey: 'sampleMarkdown', robotCode: APP_KEY })
  })

  it('pushes the daily tip to the group at its minute, once', async () => {
    fakeClock('2026-12-02 07:00')
    const { fake, t } = await stream()
    expect(await say(fake, ADMIN, '订阅 -t 08:30 --no-dates')).toMatch(/^已为本群订阅。/)
    const before = fake.to(GROUP).length
    await runUntil('2026-12-02 08:29', 30)
    expect(fake.to(GROUP)).toHaveLength(before)
    const push = fake.next()
    await runUntil('2026-12-02 08:30', 1)
    expect((await push).text).toMatch(/^【每日一法】/)
    await vi.waitFor(async () => {
      expect(await t.app.database.get('pufa_delivery', {})).toMatchObject([{ status: 'sent', channelId: GROUP, messageIds: [expect.stringMatching(/^pqk/)] }])
    })
    await runUntil('2026-12-02 23:59')
    expect(fake.to(GROUP)).toHaveLength(before + 1)
    // The pushed tip is the group's tip of the day.
    expect(await say(fake, OFFICER, '今日普法')).toBe((await push).text)
  })

  it('records a platform refusal as failed and retries it until it goes through', async () => {
    fakeClock('2026-12-02 08:00')
    const { fake, t } = await stream()
    expect(await say(fake, ADMIN, '订阅 -t 08:30 --no-dates')).toMatch(/^已为本群订阅。/)
    fake.failing = [403, { code: 'Forbidden.AccessDenied', message: '机器人不在群内' }]
    await runUntil('2026-12-02 08:30', 1)
    await vi.waitFor(async () => {
      expect(await t.app.database.get('pufa_delivery', {})).toMatchObject([{ status: 'failed', attempt: 1 }])
    })
    fake.failing = undefined
    const push = fake.next()
    // The first retry is due a minute after the failure was recorded.
    await runUntil('2026-12-02 08:32', 1)
    expect((await push).text).toMatch(/^【每日一法】/)
    await vi.waitFor(async () => {
      const rows = await t.app.database.get('pufa_delivery', {}, { sort: { attempt: 'asc' } })
      expect(rows.map(row => [row.attempt, row.status])).toEqual([[1, 'failed'], [2, 'sent']])
    })
  })

  it('records a send DingTalk never answers as unknown and does not send it again', async () => {
    fakeClock('2026-12-02 08:00')
    const { fake, t } = await stream()
    expect(await say(fake, ADMIN, '订阅 -t 08:30 --no-dates')).toMatch(/^已为本群订阅。/)
    fake.silent = true
    const sent = fake.sends.length
    await runUntil('2026-12-02 08:30', 1)
    await vi.waitFor(() => expect(fake.requests.filter(r => r.endsWith('groupMessages/send')).length).toBe(sent + 1))
    await runUntil('2026-12-02 12:00')
    expect(await t.app.database.get('pufa_delivery', {})).toMatchObject([{ attempt: 1, status: 'unknown', error: 'timeout' }])
    expect(fake.requests.filter(r => r.endsWith('groupMessages/send'))).toHaveLength(sent + 1)
  })

  it('keeps refreshing its two-hour access token, so a push a day later still goes out', async () => {
    fakeClock('2026-12-02 07:00')
    const { fake, t } = await stream()
    // Hour by hour for a day, letting each refresh reach the fake before the clock moves on.
    const start = Date.now()
    while (Date.now() < at('2026-12-03 08:00').getTime()) {
      await vi.advanceTimersByTimeAsync(3600_000)
      const due = 1 + Math.floor((Date.now() - start) / 7_190_000)
      await vi.waitFor(() => expect(fake.tokensIssued).toBeGreaterThanOrEqual(due))
    }
    expect(await say(fake, ADMIN, '订阅 -t 08:30 --no-dates')).toMatch(/^已为本群订阅。/)
    const push = fake.next()
    await runUntil('2026-12-03 08:30', 1)
    expect((await push).text).toMatch(/^【每日一法】/)
    await vi.waitFor(async () => {
      const rows = await t.app.database.get('pufa_delivery', { date: '2026-12-03' })
      expect(rows).toMatchObject([{ status: 'sent', attempt: 1 }])
    })
  }, 90_000)

  it('handles a 报送 DingTalk delivers twice only once: one report, one receipt', async () => {
    fakeClock('2026-12-04 16:00')
    const { fake, t } = await stream()
    const code = await storedInvite(t.app, '城关镇')
    expect(await say(fake, OFFICER, `绑定 ${code}`)).toBe('绑定成功，你现在是「城关镇」的联络员。活动结束后发送「报送」即可登记。')
    const receipt = await say(fake, OFFICER, '报送 宪法进校园宣讲 -d 2026-12-04 -l 城关小学 -p 300 -m 500 -t 宪法 -k 讲座')
    expect(receipt).toMatch(/^已登记 #1｜城关镇｜2026-12-04｜宪法｜300人次｜500份/)
    // Nothing was acknowledged, so DingTalk sends both again: neither may act twice.
    const handled = t.handled, sent = fake.sends.length
    expect(fake.unacked.size).toBe(2)
    fake.redeliver()
    await t.whenHandled(handled + 2)
    expect(fake.sends).toHaveLength(sent)
    expect(await t.app.database.get('pufa_report', {})).toHaveLength(1)
    expect(await t.app.database.get('pufa_officer', {})).toHaveLength(1)
    expect(await t.app.database.get('pufa_invite', {})).toHaveLength(1)
    // A new message still gets through.
    expect(await say(fake, OFFICER, '我的报送')).toMatch(/#1/)
    // Message ids are remembered for a day, then forgotten.
    expect(await t.app.database.get('pufa_seen_message', {})).toHaveLength(3)
    await pruneSeenMessages(t.app, new Date(Date.now() - 86_400_000))
    expect(await t.app.database.get('pufa_seen_message', {})).toHaveLength(3)
    await pruneSeenMessages(t.app, new Date(Date.now() + 1))
    expect(await t.app.database.get('pufa_seen_message', {})).toEqual([])
  })
})
