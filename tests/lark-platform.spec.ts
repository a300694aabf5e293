import { afterEach, describe, expect, it, vi } from 'vitest'
import LarkBot from '../plugins/adapter-lark/src'
import { AdapterBot, createAdapterBot } from './helpers/adapter-bot'
import { storedInvite } from './helpers/reports'
import { at } from './helpers/bot'
import { LarkFake } from './helpers/lark-fake'

const ADMIN = 'ou_admin000000000000001'
const OFFICER = 'ou_officer0000000000001'
const CHAT = 'oc_group00000000000001'
const cleanups: (() => Promise<void>)[] = []

/** The bot on the real Lark adapter (long connection), connected to a fake Feishu, at a Shanghai time. */
async function start(now?: string) {
  if (now) {
    vi.useFakeTimers()
    vi.setSystemTime(at(now))
  }
  const fake = await LarkFake.start()
  cleanups.push(() => fake.close())
  const t = await createAdapterBot({ adapter: { plugin: LarkBot, config: fake.config }, admins: [`lark:${ADMIN}`] })
  cleanups.push(() => t.dispose())
  await fake.listening
  return { fake, t }
}

async function runUntil(local: string) {
  await vi.advanceTimersByTimeAsync(at(local).getTime() - Date.now())
}

/** A member's message in the group, answered once the bot has sent `total` messages in all. */
async function say(fake: LarkFake, t: AdapterBot, text: string, total: number, member = ADMIN) {
  fake.say(CHAT, member, text)
  await t.sent(total)
}

async function settled(t: AdapterBot, test: (rows: Awaited<ReturnType<AdapterBot['deliveries']>>) => boolean) {
  await vi.waitUntil(async () => test(await t.deliveries()), { timeout: 10_000 })
}

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  vi.useRealTimers()
})

describe('Lark/Feishu app bot over the long connection', () => {
  it('answers 今日普法 in a group through the message API and acknowledges the event', async () => {
    const { fake, t } = await start()
    await say(fake, t, '今日普法', 1, 'ou_member')
    expect(fake.sent).toEqual([{ chat: CHAT, msg_type: 'post', text: expect.stringMatching(/^【每日一法】.+\n[\s\S]+\n📖 依据：《.+》第.+条/) }])
    expect(fake.acked).toEqual(['frame_1'])
  })

  it('pushes the daily tip at the subscribed minute, once', async () => {
    const { fake, t } = await start('2026-11-23 07:00')
    await say(fake, t, '订阅 -t 08:30 --no-dates', 1)
    expect(fake.sent[0].text).toMatch(/^已为本群订阅。\n· 推送时间：每天 08:30\n/)
    await runUntil('2026-11-23 08:29')
    expect(fake.to(CHAT)).toHaveLength(1)
    // The clock stops at the tick while the real adapter talks to the fake over loopback.
    await runUntil('2026-11-23 08:30')
    await settled(t, rows => rows[0]?.status === 'sent')
    // Past the catch-up window (20:00), after which a missed slot is never sent.
    await runUntil('2026-11-23 20:01')
    expect(fake.to(CHAT).map(sent => sent.text.split('】')[0])).toEqual(['已为本群订阅。\n· 推送时间：每天 08:30\n· 每日一法：开；节点内容：关；节点提醒：关\n· 下一次推送：2026-11-23 08:30（每日一法）\n查看设置发「订阅 状态」，停止推送发「退订」。', '【每日一法'])
    expect(await t.deliveries()).toMatchObject([{ platform: 'lark', channelId: CHAT, status: 'sent', attempt: 1, messageIds: ['om_sent_2'] }])
  })

  it('records a platform failure as failed and retries it until it goes through', async () => {
    const { fake, t } = await start('2026-11-23 08:00')
    await say(fake, t, '订阅 -t 08:30 --no-dates', 1)
    fake.failing.set(CHAT, { status: 400, code: 230002, msg: 'Bot/User can NOT be out of the chat.' })
    await runUntil('2026-11-23 08:30')
    await settled(t, rows => rows[0]?.status === 'failed')
    // The adapter wraps the API error in one with no message; the log unwraps it to the code.
    expect((await t.deliveries())[0].error).toMatch(/230002/)
    fake.failing.delete(CHAT)
    // The retry is due a minute after the failure was recorded, so at the 08:32 tick.
    await runUntil('2026-11-23 08:32')
    await settled(t, rows => rows[1]?.status === 'sent')
    expect((await t.deliveries()).map(row => [row.attempt, row.status])).toEqual([[1, 'failed'], [2, 'sent']])
    expect(fake.to(CHAT)).toHaveLength(2)
  })

  it('records a send the platform never answers as unknown and does not resend it', async () => {
    const { fake, t } = await start('2026-11-23 08:00')
    await say(fake, t, '订阅 -t 08:30 --no-dates', 1)
    fake.silent.add(CHAT)
    await runUntil('2026-11-23 12:00')
    expect(await t.deliveries()).toMatchObject([{ attempt: 1, status: 'unknown', error: 'timeout' }])
    expect(fake.to(CHAT)).toHaveLength(1)
  })

  it('催报 @-mentions the officer of a unit that has not reported', async () => {
    const { fake, t } = await start()
    const code = await storedInvite(t.app, '城关镇')
    await say(fake, t, `绑定 ${code}`, 1, OFFICER)
    await say(fake, t, '催报', 3)
    expect(fake.sent[1].text).toMatch(/^【催报】.+以下单位还没有报送，请联络员抓紧用「报送」登记： <at user_id="ou_officer0000000000001">.*<\/at> $/)
    expect(fake.sent[2].text).toMatch(/^已催报 1 个单位。/)
  })

  it('导出 sends the workbook to the admin privately, by open_id, and only the receipt to the group', async () => {
    const { fake, t } = await start()
    await say(fake, t, '导出', 2)
    expect(fake.files).toEqual([{ name: expect.stringMatching(/^台账-.+\.xlsx$/), type: 'stream', size: expect.any(Number) }])
    expect(fake.files[0].size).toBeGreaterThan(0)
    expect(fake.sent).toEqual([
      { chat: ADMIN, msg_type: 'file', text: 'file_v3_1' },
      { chat: CHAT, msg_type: 'post', text: expect.stringMatching(/^已导出 .+\n台账含各单位联络员姓名，已私信发给你，没有发到群里。服务器上另存一份，文件：.+\.xlsx$/s) },
    ])
  })
})
