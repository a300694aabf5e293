import { afterEach, describe, expect, it, vi } from 'vitest'
import { at, createBot, TestBot } from './helpers/bot'

const bots: TestBot[] = []

/** A bot on a platform whose groups may take replies only (as QQ's are); probes on subscribe. */
async function start(now: string) {
  vi.useFakeTimers()
  vi.setSystemTime(at(now))
  const bot = await createBot({ push: { probe: ['mock'] } })
  bots.push(bot)
  return bot
}

async function runUntil(local: string) {
  await vi.advanceTimersByTimeAsync(at(local).getTime() - Date.now())
}

/** What QQ's official API answers to a proactive group post, as satori's client throws it. */
function noProactivePermission() {
  const http = Object.assign(new Error('request failed with status code 500'), {
    response: { status: 500, data: { code: 40034105, message: '无权限' } },
  })
  return Object.assign(new Error(''), { errors: [http] })
}

async function subscription(t: TestBot, channelId: string) {
  const [sub] = await t.app.database.get('pufa_subscription', { platform: 'mock', channelId })
  return sub
}

async function attempts(t: TestBot, channelId: string) {
  const rows = await t.app.database.get('pufa_delivery', { channelId }, { sort: { id: 'asc' } })
  return rows.map(row => [row.attempt, row.status])
}

afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.dispose()
  vi.useRealTimers()
})

describe('a group that takes replies only', () => {
  it('is found out on subscribing, and gets its push as a reply to the first message after the push time', async () => {
    const t = await start('2026-11-23 08:00')
    t.bot.rejecting.set('g1', noProactivePermission())
    const [reply] = await t.admin('g1').receive('订阅 -t 08:30 --no-dates')
    expect(reply).toContain('\n· 本群只接受机器人回复、不接受主动消息：每天的推送会在推送时间后本群第一次有人发言时以回复发出。\n')
    expect(await subscription(t, 'g1')).toMatchObject({ proactive: 'no' })
    // Before the push time a message carries nothing.
    expect(await t.client('u2', 'g1').receive('早')).toEqual([])
    await runUntil('2026-11-23 08:31')
    expect(await attempts(t, 'g1')).toEqual([[1, 'waiting']])
    await t.admin('g1').shouldReply('推送 记录 -s 等待', /\n· mock:g1 每日一法「.+」⏸ 等待回复 08:30：本群只接受回复，等有人发言时以回复发出$/)
    await runUntil('2026-11-23 09:10')
    expect(await t.client('u2', 'g1').receive('大家早上好')).toEqual([expect.stringMatching(/^【每日一法】/)])
    expect(await t.client('u3', 'g1').receive('收到')).toEqual([])
    expect(await attempts(t, 'g1')).toEqual([[1, 'waiting'], [2, 'sent']])
    expect(t.bot.outbox).toEqual([])
    await t.admin('g1').shouldReply('推送 记录', /\n· mock:g1 每日一法「.+」✅ 已发送 09:10（第 2 次）$/)
  })

  it('is found out when a push is refused, which is held rather than failed', async () => {
    const t = await start('2026-11-23 08:00')
    await t.admin('g1').receive('订阅 -t 08:30 --no-dates')
    expect(t.bot.to('g1')).toEqual(['本群已开通普法推送，每天 08:30 推送每日一法和重要节点内容。'])
    expect(await subscription(t, 'g1')).toMatchObject({ proactive: 'yes' })
    // Later the platform stops taking proactive posts from the bot here.
    t.bot.rejecting.set('g1', noProactivePermission())
    await runUntil('2026-11-23 08:40')
    expect(await attempts(t, 'g1')).toEqual([[1, 'waiting']])
    expect(await subscription(t, 'g1')).toMatchObject({ proactive: 'no' })
    // 推送 立即 answers with the held push, once.
    expect(await t.admin('g1').receive('推送 立即')).toEqual([expect.stringMatching(/^【每日一法】/), '已发出今天的 1 条推送。'])
    expect(await t.client('u2', 'g1').receive('好的')).toEqual([])
    expect(await attempts(t, 'g1')).toEqual([[1, 'waiting'], [2, 'sent']])
  })

  it('records a held push as missed when nobody speaks before the window ends', async () => {
    const t = await start('2026-11-23 19:00')
    t.bot.rejecting.set('g1', noProactivePermission())
    await t.admin('g1').receive('订阅 -t 19:30 --no-dates')
    await runUntil('2026-11-23 20:01')
    expect(await t.client('u2', 'g1').receive('晚上好')).toEqual([])
    expect(await attempts(t, 'g1')).toEqual([[1, 'missed']])
    await t.admin('g1').shouldReply('推送 记录', /\n· mock:g1 每日一法「.+」⏭ 错过 20:00：本群只接受回复，补发时段内没有人发言$/)
  })
})
