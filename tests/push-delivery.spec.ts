import { afterEach, describe, expect, it, vi } from 'vitest'
import { Adapter, Bot, Context, Random, Universal } from 'koishi'
import { SQLiteDriver } from '@minatojs/driver-sqlite'
import { at, createBot, TestBot } from './helpers/bot'

const bots: TestBot[] = []

async function start(now: string, options: Parameters<typeof createBot>[0] = {}) {
  vi.useFakeTimers()
  vi.setSystemTime(at(now))
  const bot = await createBot(options)
  bots.push(bot)
  return bot
}

async function runUntil(local: string) {
  await vi.advanceTimersByTimeAsync(at(local).getTime() - Date.now())
}

function deliveries(t: TestBot) {
  return t.app.database.get('pufa_delivery', {}, { sort: { id: 'asc' } })
}

afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.dispose()
  vi.useRealTimers()
})

/**
 * The console sandbox's own bot class, with the browser tab it talks to replaced by a
 * list of what the tab would show. Messages typed in the tab are dispatched as the
 * sandbox plugin does it.
 */
async function sandbox(t: TestBot, platform = 'sandbox:tab1') {
  // The plugin's entry does not export the class; its shipped source does. Imported by a
  // runtime path: that source does not typecheck against koishi 4.18's typings.
  const source = '@koishijs/plugin-sandbox/src/bot'
  const { SandboxBot } = await import(/* @vite-ignore */ source) as {
    SandboxBot: new (ctx: Context, client: unknown, config: { platform: string; selfId: string }) => Bot
  }
  const shown: { channel: string; content: string }[] = []
  const tab = { send: ({ body }: { body: { channel: string; content: string } }) => shown.push(body) }
  const bot = new SandboxBot(t.app, tab, { platform, selfId: 'koishi' })
  return {
    bot,
    /** What the bot showed in the tab's group chat. */
    shown: () => shown.filter(message => message.channel === '#').map(message => message.content),
    /** A user types in the group chat; resolves when the bot has handled it. */
    async say(userId: string, content: string) {
      const handled = new Promise<void>((resolve) => {
        const dispose = t.app.on('middleware', () => {
          dispose()
          resolve()
        })
      })
      const session = bot.session({
        user: { id: userId, name: userId },
        channel: { id: '#', type: Universal.Channel.Type.TEXT },
        guild: { id: '#' },
        timestamp: Date.now(),
      })
      session.type = 'message'
      session.messageId = Random.id()
      session.content = content
      bot.dispatch(session)
      await handled
    },
  }
}

describe('the console sandbox', () => {
  it('receives a scheduled push at its minute, and the log says it was sent', async () => {
    const t = await start('2026-11-23 08:00')
    const tab = await sandbox(t)
    // The sandbox bot is never ONLINE: no adapter connects it.
    expect(tab.bot.status).toBe(Universal.Status.CONNECT)
    await t.app.database.createUser('sandbox:tab1', 'Alice', { authority: 3 })
    await tab.say('Alice', '订阅 -t 08:02 --no-dates')
    expect(tab.shown()[0]).toMatch(/^已为本群订阅。/)
    await runUntil('2026-11-23 08:01')
    expect(tab.shown()).toHaveLength(1)
    await runUntil('2026-11-23 08:02')
    expect(tab.shown()).toHaveLength(2)
    expect(tab.shown()[1]).toMatch(/^【每日一法】/)
    await tab.say('Alice', '推送 记录')
    expect(tab.shown()[2]).toMatch(/^2026-11-23 推送记录：共 1 条，.*已发送 1\n· sandbox:tab1:# 每日一法「.+」✅ 已发送 08:02$/)
  })
})

describe('推送 立即', () => {
  it('sends the group’s items now, once, and the scheduled push adds nothing', async () => {
    const t = await start('2026-12-04 07:00')
    await t.admin('g1').receive('订阅 -t 08:30')
    expect(await t.admin('g1').receive('推送 立即')).toEqual(['已发出今天的 2 条推送。'])
    const sent = t.bot.to('g1')
    expect(sent.map(text => text.split('】')[0])).toEqual(['【国家宪法日', '【每日一法'])
    expect(await t.admin('g1').receive('pufa-now')).toEqual(['今天的 2 条推送都已处理过，不会重复发送，详情见「推送 记录」。'])
    await runUntil('2026-12-04 09:00')
    expect(t.bot.to('g1')).toEqual(sent)
    expect((await deliveries(t)).map(row => [row.kind, row.attempt, row.status])).toEqual([['date', 1, 'sent'], ['tip', 1, 'sent']])
    // The tip sent is the group's tip of the day.
    expect(await t.client('u2', 'g1').receive('今日普法')).toEqual([sent[1]])
  })

  it('is for admins in a subscribed group', async () => {
    const t = await start('2026-12-04 07:00')
    expect(await t.admin('g1').receive('推送 立即')).toEqual(['本群尚未订阅，请先发送「订阅」，例如「订阅 -t 08:30」。'])
    await t.admin('g1').receive('订阅')
    expect(await t.client('bob', 'g1').receive('推送 立即')).toEqual([expect.stringMatching(/^「推送 立即」仅限管理员/)])
    expect(t.bot.outbox).toEqual([])
  })
})

describe('claims', () => {
  it('retries a slot whose claim failed because the database did, and sends it once', async () => {
    const t = await start('2026-11-23 08:00')
    await t.admin('g1').receive('订阅 -t 08:30 --no-dates')
    const driver = t.app.database.drivers[0] as unknown as SQLiteDriver
    driver._run(`CREATE TRIGGER outage BEFORE INSERT ON pufa_delivery BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`)
    await runUntil('2026-11-23 08:32')
    expect(t.bot.to('g1')).toEqual([])
    expect(await deliveries(t)).toEqual([])
    driver._run('DROP TRIGGER outage')
    await runUntil('2026-11-23 08:33')
    expect(t.bot.to('g1')).toHaveLength(1)
    await runUntil('2026-11-23 12:00')
    expect((await deliveries(t)).map(row => [row.attempt, row.status])).toEqual([[1, 'sent']])
  })
})

describe('a bot that is not connected yet', () => {
  /** The test bot as one an adapter drives and is still connecting. */
  function connecting(t: TestBot) {
    const adapter = new (class extends Adapter {})(t.app)
    adapter.fork(t.app, t.bot)
    t.bot.status = Universal.Status.CONNECT
  }

  it('is waited for within the window without spending an attempt', async () => {
    const t = await start('2026-11-23 08:00')
    await t.admin('g1').receive('订阅 -t 08:30 --no-dates')
    connecting(t)
    await runUntil('2026-11-23 08:45')
    expect(await deliveries(t)).toEqual([])
    t.bot.online()
    await runUntil('2026-11-23 08:46')
    expect(t.bot.to('g1')).toHaveLength(1)
    expect((await deliveries(t)).map(row => [row.attempt, row.status])).toEqual([[1, 'sent']])
  })

  it('is recorded as missed when the window ends first', async () => {
    const t = await start('2026-11-23 19:00')
    await t.admin('g1').receive('订阅 -t 19:30 --no-dates')
    connecting(t)
    await runUntil('2026-11-23 20:01')
    expect((await deliveries(t)).map(row => [row.attempt, row.status, row.error])).toEqual([[1, 'missed', 'bot-offline']])
    t.bot.online()
    await t.admin('g1').shouldReply('推送 记录 -s 错过', '2026-11-23 推送记录：共 1 条，失败 0，结果未知 0，错过 1，等待回复 0，进行中 0，已发送 0\n'
      + '· mock:g1 每日一法 ⏭ 错过 20:00：机器人不在线或未连接该平台')
  })
})

describe('pacing', () => {
  it('does not hold other groups behind one that never answers', async () => {
    const t = await start('2026-11-23 08:00', { push: { pacing: { mock: { min: 2000, max: 2000 } } } })
    for (const group of ['silent', 'g2', 'g3']) await t.admin(group).receive('订阅 -t 08:30 --no-dates')
    t.bot.silent.add('silent')
    await runUntil('2026-11-23 08:30')
    await vi.advanceTimersByTimeAsync(4_100)
    // Each group starts at most one pacing interval after the one before it.
    expect(t.bot.to('g2')).toHaveLength(1)
    expect(t.bot.to('g3')).toHaveLength(1)
    const state = async () => Object.fromEntries((await deliveries(t)).map(row => [row.channelId, row.status]))
    expect(await state()).toEqual({ silent: 'sending', g2: 'sent', g3: 'sent' })
    await vi.advanceTimersByTimeAsync(30_000)
    expect(await state()).toEqual({ silent: 'unknown', g2: 'sent', g3: 'sent' })
  })
})

describe('推送 记录', () => {
  it('lists problems first, with a filter, redacted short errors and what happens next', async () => {
    const t = await start('2026-11-23 08:00', { push: { retry: { maxAttempts: 2, baseDelay: 60_000, maxDelay: 60_000 } } })
    for (const group of ['a1', 'a2', 'b1', 'z9']) await t.admin(group).receive('订阅 -t 08:30 --no-dates')
    t.bot.rejecting.set('z9', 'request failed: POST https://api.example.com/send?access_token=SECRET123456 '
      + 'responded 403 with a very long explanation that goes on and on about quotas and limits')
    t.bot.rejecting.set('b1', '机器人已被移出群聊')
    await runUntil('2026-11-23 08:30')
    const rows = await deliveries(t)
    expect(rows.find(row => row.channelId === 'z9')!.error).not.toContain('SECRET')
    expect(rows.find(row => row.channelId === 'z9')!.error).toContain('access_token=***')
    await t.admin('a1').shouldReply('推送 记录', new RegExp('^' + [
      '2026-11-23 推送记录：共 4 条，失败 2，结果未知 0，错过 0，等待回复 0，进行中 0，已发送 2',
      '· mock:b1 每日一法「.+」❌ 失败 08:30：机器人已被移出群聊；08:31 重试',
      '· mock:z9 每日一法「.+」❌ 失败 08:30：request failed: POST https://api\\.exampl…；08:31 重试',
      '· mock:a1 每日一法「.+」✅ 已发送 08:30',
      '· mock:a2 每日一法「.+」✅ 已发送 08:30',
    ].join('\n') + '$'))
    await runUntil('2026-11-23 08:32')
    await t.admin('a1').shouldReply('推送 记录 -s 失败', /^2026-11-23 推送记录：共 4 条，失败 2，.+\n· mock:b1 每日一法「.+」❌ 失败 08:31（第 2 次）：机器人已被移出群聊；不再重试\n· mock:z9 .+；不再重试$/)
    await t.admin('a1').shouldReply('推送 记录 -s 已发送', /^.+\n· mock:a1 .+✅ 已发送 08:30\n· mock:a2 .+✅ 已发送 08:30$/)
    await t.admin('a1').shouldReply('推送 记录 -s 坏了', '没有“坏了”这种结果，-s 可以写：失败、未知、错过、等待、进行中、已发送。')
  })
})
