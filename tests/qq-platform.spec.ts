import { afterEach, describe, expect, it, vi } from 'vitest'
import { h } from 'koishi'
import QQBot from '../plugins/adapter-qq/src'
import { AdapterBot, createAdapterBot } from './helpers/adapter-bot'
import { storedInvite } from './helpers/reports'
import { at } from './helpers/bot'
import { PROACTIVE_REFUSED, QQFake } from './helpers/qq-fake'

const ADMIN = 'admin-openid'
const cleanups: (() => Promise<void>)[] = []

/** The bot on the real QQ adapter, connected to a fake QQ platform, at a Shanghai time. */
async function start(now?: string) {
  if (now) {
    vi.useFakeTimers()
    vi.setSystemTime(at(now))
  }
  const fake = await QQFake.start()
  cleanups.push(() => fake.close())
  const t = await createAdapterBot({ adapter: { plugin: QQBot, config: fake.config }, admins: [`qq:${ADMIN}`], setup: fake.redirect })
  cleanups.push(() => t.dispose())
  return { fake, t }
}

/** Runs the fake clock forward to a Shanghai time, firing every timer on the way. */
async function runUntil(local: string) {
  await vi.advanceTimersByTimeAsync(at(local).getTime() - Date.now())
}

/** A member's message in a group, answered once the bot has sent `total` messages in all. */
async function say(fake: QQFake, t: AdapterBot, text: string, total: number, member = ADMIN) {
  const id = fake.say('G1', member, text)
  await t.sent(total)
  return id
}

/** Waits for the dispatcher to record what the test expects of group G1's deliveries. */
async function settled(t: AdapterBot, test: (rows: Awaited<ReturnType<AdapterBot['deliveries']>>) => boolean) {
  await vi.waitUntil(async () => test(await t.deliveries()), { timeout: 10_000 })
}

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  vi.useRealTimers()
})

describe('QQ official bot', () => {
  it('answers 今日普法 in a group as a passive reply to the message', async () => {
    const { fake, t } = await start()
    const id = await say(fake, t, '今日普法', 1, 'member-1')
    expect(fake.sent).toEqual([{
      group: 'G1',
      content: expect.stringMatching(/^【每日一法】.+\n[\s\S]+\n📖 依据：《.+》第.+条/),
      msg_type: 0,
      msg_id: id,
      msg_seq: 1,
    }])
  })

  it('tells a member who is not an admin how to become one, with the QQ account to list', async () => {
    const { fake, t } = await start()
    await say(fake, t, '订阅', 1, 'member-1')
    expect(fake.sent[0].content).toContain('qq:member-1')
  })

  it('pushes the daily tip at the subscribed minute, once, in a group that allows proactive posts', async () => {
    const { fake, t } = await start('2026-11-23 07:00')
    // Subscribing posts one short message first, to learn whether the group takes proactive posts.
    await say(fake, t, '订阅 -t 08:30 --no-dates', 2)
    expect(fake.sent.map(sent => sent.content)).toEqual([
      expect.stringMatching(/^本群已开通普法推送/),
      expect.stringMatching(/^已为本群订阅。\n· 推送时间：每天 08:30\n/),
    ])
    await runUntil('2026-11-23 08:29')
    expect(fake.to('G1')).toHaveLength(2)
    // The clock stops at the tick while the real adapter talks to the fake over loopback.
    await runUntil('2026-11-23 08:30')
    await settled(t, rows => rows[0]?.status === 'sent')
    const push = fake.to('G1')[2]
    expect(push).toEqual({ group: 'G1', content: expect.stringMatching(/^【每日一法】/), msg_type: 0, msg_id: undefined, msg_seq: undefined })
    // Past the catch-up window (20:00), after which a missed slot is never sent.
    await runUntil('2026-11-23 20:01')
    expect(fake.to('G1')).toHaveLength(3)
    expect(await t.deliveries()).toMatchObject([{ platform: 'qq', channelId: 'G1', status: 'sent', attempt: 1, messageIds: ['sent-3'] }])
    // The tip a member asks for is the one pushed that day.
    await say(fake, t, '今日普法', 4)
    expect(fake.to('G1')[3].content).toBe(push.content)
  })

  it('records a platform failure as failed and retries it until it goes through', async () => {
    const { fake, t } = await start('2026-11-23 08:00')
    await say(fake, t, '订阅 -t 08:30 --no-dates', 1)
    fake.failing.set('G1', { status: 500, code: 50055001, message: '消息发送异常' })
    await runUntil('2026-11-23 08:30')
    await settled(t, rows => rows[0]?.status === 'failed')
    fake.failing.delete('G1')
    await runUntil('2026-11-23 08:32')
    await settled(t, rows => rows[1]?.status === 'sent')
    expect((await t.deliveries()).map(row => [row.attempt, row.status])).toEqual([[1, 'failed'], [2, 'sent']])
    expect(fake.to('G1')).toHaveLength(2)
  })

  it('records a send the platform never answers as unknown and does not resend it', async () => {
    const { fake, t } = await start('2026-11-23 08:00')
    await say(fake, t, '订阅 -t 08:30 --no-dates', 1)
    fake.silent.add('G1')
    await runUntil('2026-11-23 12:00')
    expect(await t.deliveries()).toMatchObject([{ attempt: 1, status: 'unknown', error: 'timeout' }])
    expect(fake.to('G1')).toHaveLength(1)
  })

  it('holds the push for a group that refuses proactive posts (40034105) and sends it as a reply to the next message', async () => {
    const { fake, t } = await start('2026-11-23 08:00')
    fake.refuseProactive.add('G1')
    // The welcome post that probes the group is refused; the reply to the command is not.
    await say(fake, t, '订阅 -t 08:30 --no-dates', 1)
    expect(await t.app.database.get('pufa_subscription', {}, ['proactive'])).toEqual([{ proactive: 'no' }])
    await runUntil('2026-11-23 08:30')
    await settled(t, rows => rows[0]?.status === 'waiting')
    expect(fake.to('G1')).toHaveLength(1)
    // The first message after push time, whatever it says, gets the day's tip as a passive reply.
    const id = await say(fake, t, '收到', 2, 'member-1')
    expect(fake.to('G1')[1]).toMatchObject({ msg_id: id, content: expect.stringMatching(/^【每日一法】/) })
    await settled(t, rows => rows.some(row => row.status === 'sent'))
    // Commands in that group still work: they are passive replies.
    const next = await say(fake, t, '今日普法', 3)
    expect(fake.to('G1')[2]).toMatchObject({ msg_id: next, content: fake.to('G1')[1].content })
  })
})

describe('催报 and 导出 on QQ', () => {
  it('催报 cannot @ officers: the adapter drops mentions in group messages', async () => {
    const { fake, t } = await start()
    const code = await storedInvite(t.app, '城关镇')
    await say(fake, t, `绑定 ${code}`, 1, 'officer-openid')
    await say(fake, t, '催报', 3)
    // Nothing of the officer is left: neither an @ nor a name (QQ gives no nickname, only the openid).
    expect(fake.sent[1].content).toMatch(/^【催报】.+以下单位还没有报送，请联络员抓紧用「报送」登记：\s*$/)
    expect(fake.sent[2].content).toMatch(/^已催报 1 个单位。/)
  })

  it('导出 replies with where the file is saved: the QQ adapter sends no files to groups', async () => {
    const { fake, t } = await start()
    await say(fake, t, '导出', 1)
    expect(fake.sent).toEqual([expect.objectContaining({ content: expect.stringMatching(/^已导出 .+台账：0 条报送、12 个单位。\n本平台不能直接发送文件，请运维人员从服务器取出。文件：.+\.xlsx$/) })])
  })
})

describe('replies to a member message in a group that refuses proactive posts', () => {
  it('go through with msg_id for 5 minutes, at most 5 times, each with its own msg_seq', async () => {
    const { fake, t } = await start('2026-11-23 08:30')
    fake.refuseProactive.add('G1')
    const bot = t.app.bots.find(bot => bot.platform === 'qq')!
    const messageId = fake.say('G1', 'member-1', '收到')
    // The adapter turns a <passive> element into msg_id and msg_seq.
    const reply = (seq: number) => bot.sendMessage('G1', [h('passive', { messageId, seq }), `第${seq}条`]).catch(error => error.errors[0].response.data.code)
    expect(await reply(1)).toEqual(['sent-1'])
    expect(await reply(1)).toBe(40054005) // the same msg_seq again is a duplicate
    for (const seq of [2, 3, 4, 5]) expect(await reply(seq)).toEqual([`sent-${seq}`])
    expect(await reply(6)).toBe(40034128)
    expect(fake.to('G1').map(sent => [sent.msg_id, sent.msg_seq])).toEqual([1, 2, 3, 4, 5].map(seq => [messageId, seq]))
    const late = fake.say('G1', 'member-1', '收到')
    vi.setSystemTime(Date.now() + 5 * 60_000 + 1)
    expect(await bot.sendMessage('G1', [h('passive', { messageId: late, seq: 1 }), '晚了']).catch(error => error.errors[0].response.data.code)).toBe(40034128)
  })
})

describe('the adapter error for a refused proactive post', () => {
  it('is an error holding the HTTP error with the platform code', async () => {
    const { fake, t } = await start()
    fake.refuseProactive.add('G1')
    const bot = t.app.bots.find(bot => bot.platform === 'qq')!
    const error = await bot.sendMessage('G1', '测试').catch(error => error)
    // satori's own AggregateError: not the global one, its name is "Error" and its message empty.
    expect(error).toBeInstanceOf(Error)
    expect(error).not.toBeInstanceOf(AggregateError)
    expect([error.constructor.name, error.name, error.message]).toEqual(['AggregateError', 'Error', ''])
    expect(error.errors).toHaveLength(1)
    expect(t.app.http.isError(error.errors[0])).toBe(true)
    expect(error.errors[0].response.status).toBe(PROACTIVE_REFUSED.status)
    expect(error.errors[0].response.data).toMatchObject({ code: 40034105, message: '主动消息失败, 无权限' })
  })
})
