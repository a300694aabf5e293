import { afterEach, describe, expect, it, vi } from 'vitest'
import { at, createBot, TestBot } from './helpers/bot'
import { tempDatabase } from './helpers/db-dir'

const MINUTE = 60_000
const bots: TestBot[] = []
const cleanups: (() => void)[] = []

async function start(now: string, options: Parameters<typeof createBot>[0] = {}) {
  vi.setSystemTime(at(now))
  const bot = await createBot(options)
  bots.push(bot)
  return bot
}

/** Runs the fake clock forward to a Shanghai time, firing every timer on the way. */
async function runUntil(local: string) {
  await vi.advanceTimersByTimeAsync(at(local).getTime() - Date.now())
}

/** Runs through a few minutes around a time on each day, skipping the hours in between. */
async function visit(days: string[], from: string, until: string) {
  for (const day of days) {
    vi.setSystemTime(at(`${day} ${from}`))
    await runUntil(`${day} ${until}`)
  }
}

function days(first: string, count: number) {
  const start = at(`${first} 12:00`).getTime()
  return Array.from({ length: count }, (_, i) => new Date(start + i * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10))
}

function deliveries(t: TestBot) {
  return t.app.database.get('pufa_delivery', {}, { sort: { id: 'asc' } })
}

afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.dispose()
  for (const cleanup of cleanups.splice(0)) cleanup()
  vi.useRealTimers()
})

describe('daily push', () => {
  it('arrives at the group time and not before', async () => {
    vi.useFakeTimers()
    const t = await start('2026-11-23 07:00')
    await t.admin('g1').receive('订阅 -t 08:30')
    await runUntil('2026-11-23 08:29')
    expect(t.bot.to('g1')).toEqual([])
    await runUntil('2026-11-23 08:31')
    const sent = t.bot.to('g1')
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatch(/^【每日一法】.+\n[\s\S]+\n📖 依据：《.+》第.+条/)
    // The pushed tip is the group's tip of the day.
    expect(await t.client('u2', 'g1').receive('今日普法')).toEqual(sent)
    await runUntil('2026-11-23 10:00')
    await visit(['2026-11-23'], '19:59', '20:01')
    expect(t.bot.to('g1')).toHaveLength(1)
  })

  it('gives each group its own time and never repeats a tip', async () => {
    vi.useFakeTimers()
    const t = await start('2026-11-09 07:00')
    await t.admin('early').receive('订阅 -t 07:15 --no-dates')
    await t.admin('late').receive('订阅 -t 18:00 --no-dates')
    await runUntil('2026-11-09 07:16')
    expect(t.bot.to('early')).toHaveLength(1)
    expect(t.bot.to('late')).toHaveLength(0)
    await visit(['2026-11-09'], '17:59', '18:01')
    for (const day of days('2026-11-10', 10)) {
      await visit([day], '07:14', '07:16')
      await visit([day], '17:59', '18:01')
    }
    const early = t.bot.to('early'), late = t.bot.to('late')
    expect(early).toHaveLength(11)
    expect(late).toHaveLength(11)
    expect(new Set(early).size).toBe(11)
    expect(new Set(late).size).toBe(11)
  })
})

describe('key dates', () => {
  it('pushes the 国家宪法日 item on 12·4, the week items around it and 12·2 beside them', async () => {
    vi.useFakeTimers()
    const t = await start('2026-11-30 12:00')
    await t.admin('g1').receive('订阅 -t 08:00 --no-tips')
    const headings: string[] = []
    let seen = 0
    for (const day of days('2026-12-01', 8)) {
      await visit([day], '07:59', '08:01')
      const today = t.bot.to('g1').slice(seen)
      seen += today.length
      headings.push(today.map(text => text.split('\n')[0]).join(' + '))
    }
    expect(headings).toEqual([
      expect.stringMatching(/^【宪法宣传周】宪法进企业/),
      expect.stringMatching(/^【全国交通安全日】.+ \+ 【宪法宣传周】宪法进农村/),
      expect.stringMatching(/^【宪法宣传周】宪法进机关/),
      expect.stringMatching(/^【国家宪法日】[^+]+$/),
      expect.stringMatching(/^【宪法宣传周】宪法进社区/),
      expect.stringMatching(/^【宪法宣传周】宪法进军营/),
      expect.stringMatching(/^【宪法宣传周】宪法进网络/),
      '',
    ])
  })

  it('pushes the 全民国家安全教育日 item on 4·15 with its citation', async () => {
    vi.useFakeTimers()
    const t = await start('2026-04-15 06:00')
    await t.admin('g1').receive('订阅 --no-tips')
    await runUntil('2026-04-15 08:31')
    expect(t.bot.to('g1')).toEqual([expect.stringMatching(/^【全民国家安全教育日】[\s\S]+\n📖 依据：《国家安全法》第十四条$/)])
  })
})

describe('reminders', () => {
  it('reminds groups that asked for it at T-7 and T-1, and no one else', async () => {
    vi.useFakeTimers()
    const t = await start('2026-11-26 12:00')
    await t.admin('work').receive('订阅 -t 09:00 --no-tips --no-dates --reminders')
    await t.admin('public').receive('订阅 -t 09:00 --no-tips')
    await visit(['2026-11-27'], '08:59', '09:01')
    expect(t.bot.to('work')).toEqual([
      '【普法节点提醒】\n'
      + '· 距12月4日国家宪法日还有 7 天\n'
      + '请各单位提前准备宣传活动，活动结束后在群里发送「报送」登记时间、地点、人数和照片。',
    ])
    await visit(days('2026-11-28', 6), '08:59', '09:01')
    expect(t.bot.to('work')).toHaveLength(4)
    expect(t.bot.to('work')[1]).toContain('· 距12月1日—7日宪法宣传周还有 1 天（日期以当年通知为准）')
    expect(t.bot.to('work')[2]).toContain('· 距12月2日全国交通安全日还有 1 天')
    expect(t.bot.to('work')[3]).toMatch(/^【普法节点提醒】\n· 距12月4日国家宪法日还有 1 天\n/)
    expect(t.bot.to('public').join('\n')).not.toContain('普法节点提醒')
  })
})

describe('workdays only', () => {
  it('skips 国庆 but pushes on the 调休 Saturday', async () => {
    vi.useFakeTimers()
    const t = await start('2026-09-30 12:00')
    await t.admin('g1').receive('订阅 --workdays')
    await runUntil('2026-09-30 12:30')
    await visit(days('2026-10-01', 7), '08:29', '08:31')
    expect(t.bot.to('g1')).toEqual([])
    await visit(['2026-10-08', '2026-10-09'], '08:29', '08:31')
    expect(t.bot.to('g1')).toHaveLength(2)
    await visit(['2026-10-10'], '08:29', '08:31')
    expect(t.bot.to('g1')).toHaveLength(3)
    await visit(['2026-10-11'], '08:29', '08:31')
    expect(t.bot.to('g1')).toHaveLength(3)
  })
})

/**
 * A bot on a database file that outlives it, with group g1 subscribed at 08:00 before
 * the day's push; `restartAt` stops the running bot and starts a new one on the file.
 */
async function subscribedOnFile(command: string) {
  vi.useFakeTimers()
  const db = tempDatabase()
  cleanups.push(db.remove)
  let bot = await start('2026-11-23 08:00', { file: db.file })
  await bot.admin('g1').receive(command)
  return {
    first: bot,
    async restartAt(now: string) {
      await bot.stop()
      bot = await start(now, { file: db.file })
      return bot
    },
  }
}

describe('downtime and restarts', () => {
  it('catches up a push missed during downtime once, within the window', async () => {
    const { restartAt } = await subscribedOnFile('订阅 -t 08:30')
    let t = await restartAt('2026-11-23 10:05')
    await vi.advanceTimersByTimeAsync(0)
    expect(t.bot.to('g1')).toHaveLength(1)
    t = await restartAt('2026-11-23 10:30')
    await runUntil('2026-11-23 12:00')
    await visit(['2026-11-23'], '19:59', '20:01')
    expect(t.bot.to('g1')).toHaveLength(0)
    expect(await deliveries(t)).toMatchObject([{ kind: 'tip', status: 'sent', attempt: 1 }])
  })

  it('does not send a missed push after the catch-up window, and logs it as missed', async () => {
    const { restartAt } = await subscribedOnFile('订阅 -t 08:30 --no-dates')
    const t = await restartAt('2026-11-23 20:30')
    await runUntil('2026-11-23 23:59')
    expect(t.bot.to('g1')).toEqual([])
    expect(await deliveries(t)).toMatchObject([{ kind: 'tip', attempt: 1, status: 'missed', error: 'downtime' }])
    await t.admin('g1').shouldReply('推送 记录 2026-11-23', '2026-11-23 推送记录：共 1 条，失败 0，结果未知 0，错过 1，等待回复 0，进行中 0，已发送 0\n'
      + '· mock:g1 每日一法 ⏭ 错过 20:30：停机期间错过补发时段')
    await visit(['2026-11-24'], '08:29', '08:31')
    expect(t.bot.to('g1')).toHaveLength(1)
  })

  it('sends a slot claimed by a process that died before sending, once', async () => {
    const { first, restartAt } = await subscribedOnFile('订阅 -t 08:30 --no-dates')
    // What a process leaves behind when it dies right after claiming the slot.
    await first.app.database.create('pufa_delivery', {
      key: '2026-11-23|tip|daily|mock|g1', attempt: 1, date: '2026-11-23', kind: 'tip', item: 'daily',
      content: 'daily', platform: 'mock', channelId: 'g1', status: 'claimed', instance: 'gone',
      claimedAt: at('2026-11-23 08:30'), messageIds: [], error: '',
    })
    const t = await restartAt('2026-11-23 08:31')
    await vi.advanceTimersByTimeAsync(0)
    expect(t.bot.to('g1')).toEqual([]) // the claim is still within its lease
    await runUntil('2026-11-23 08:33')
    expect(t.bot.to('g1')).toHaveLength(1)
    await runUntil('2026-11-23 12:00')
    expect(t.bot.to('g1')).toHaveLength(1)
    expect((await deliveries(t)).map(row => [row.attempt, row.status])).toEqual([[1, 'abandoned'], [2, 'sent']])
  })

  it('never resends a slot whose process died in the middle of sending', async () => {
    const { first, restartAt } = await subscribedOnFile('订阅 -t 08:30 --no-dates')
    first.bot.silent.add('g1') // the platform call never returns before the process dies
    await runUntil('2026-11-23 08:30')
    expect(await deliveries(first)).toMatchObject([{ status: 'sending' }])
    const t = await restartAt('2026-11-23 09:00')
    await runUntil('2026-11-23 10:00')
    await visit(['2026-11-23'], '19:59', '20:01')
    expect(t.bot.to('g1')).toEqual([])
    expect(await deliveries(t)).toMatchObject([{ attempt: 1, status: 'unknown', error: 'crashed' }])
    await t.admin('g1').shouldReply('推送 记录 2026-11-23', /^2026-11-23 推送记录：共 1 条，失败 0，结果未知 1，错过 0，等待回复 0，进行中 0，已发送 0\n· mock:g1 每日一法「.+」❓ 结果未知 09:00：发送途中程序中断，平台可能已送达，为免重复未自动重发$/)
  })
})

describe('failures', () => {
  it('keeps sending to other groups when one fails, and retries it with backoff', async () => {
    vi.useFakeTimers()
    const t = await start('2026-11-23 08:00')
    for (const group of ['g1', 'g2', 'g3']) await t.admin(group).receive('订阅 -t 08:30')
    t.bot.rejecting.set('g2', '机器人已被移出群聊')
    await runUntil('2026-11-23 08:30')
    expect(t.bot.to('g1')).toHaveLength(1)
    expect(t.bot.to('g2')).toHaveLength(0)
    expect(t.bot.to('g3')).toHaveLength(1)
    await runUntil('2026-11-23 08:40')
    const attempts = (await deliveries(t)).filter(row => row.channelId === 'g2')
    // 1 min, then 2, then 4 between attempts.
    expect(attempts.map(row => [row.attempt, row.status, row.claimedAt.getTime() - at('2026-11-23 08:30').getTime()]))
      .toEqual([[1, 'failed', 0], [2, 'failed', MINUTE], [3, 'failed', 3 * MINUTE], [4, 'failed', 7 * MINUTE]])
    await t.admin('g1').shouldReply('推送 记录', /推送记录：共 3 条，失败 1，.+\n· mock:g2 每日一法「.+」❌ 失败 08:37（第 4 次）：机器人已被移出群聊；08:45 重试\n/)
    t.bot.rejecting.delete('g2')
    await runUntil('2026-11-23 08:46')
    expect(t.bot.to('g2')).toHaveLength(1)
    expect(t.bot.to('g1')).toHaveLength(1)
  })

  it('records a send that times out as unknown and does not resend it', async () => {
    vi.useFakeTimers()
    const t = await start('2026-11-23 08:00')
    await t.admin('g1').receive('订阅 -t 08:30')
    t.bot.silent.add('g1')
    await runUntil('2026-11-23 12:00')
    expect(await deliveries(t)).toMatchObject([{ attempt: 1, status: 'unknown', error: 'timeout' }])
  })
})

describe('lifecycle', () => {
  it('stops pushing after 退订', async () => {
    vi.useFakeTimers()
    const t = await start('2026-11-23 08:00')
    await t.admin('g1').receive('订阅 -t 08:30')
    await runUntil('2026-11-23 09:00')
    await t.admin('g1').receive('退订')
    await visit(days('2026-11-24', 3), '08:29', '08:31')
    expect(t.bot.to('g1')).toHaveLength(1)
  })

  it('stops its timers when the plugin is disposed', async () => {
    vi.useFakeTimers()
    const t = await start('2026-11-23 08:00')
    await t.admin('g1').receive('订阅 -t 08:30')
    const timers = vi.getTimerCount()
    t.pushFork.dispose()
    expect(vi.getTimerCount()).toBeLessThan(timers)
    await runUntil('2026-11-25 09:00')
    expect(t.bot.outbox).toEqual([])
  })
})

describe('two instances on one database', () => {
  it('sends each slot once', async () => {
    vi.useFakeTimers()
    const pacing = { mock: { min: 2000, max: 2000 } }
    const a = await start('2026-12-04 08:00', { push: { pacing } })
    const b = await start('2026-12-04 08:00', { push: { pacing }, database: a.app.database })
    const groups = Array.from({ length: 6 }, (_, i) => `g${i}`)
    for (const group of groups) await a.admin(group).receive('订阅 -t 08:30')
    await runUntil('2026-12-04 08:35')
    for (const group of groups) {
      const received = [...a.bot.to(group), ...b.bot.to(group)]
      expect(received.map(text => text.split('】')[0])).toEqual(['【国家宪法日', '【每日一法'])
    }
    // Both instances did part of the work, and no slot has a second attempt.
    expect(a.bot.outbox.length).toBeGreaterThan(0)
    expect(b.bot.outbox.length).toBeGreaterThan(0)
    const rows = await deliveries(a)
    expect(rows).toHaveLength(12)
    expect(rows.every(row => row.attempt === 1 && row.status === 'sent')).toBe(true)
  })

  it('sees a group unsubscribed on the other instance', async () => {
    vi.useFakeTimers()
    const a = await start('2026-11-23 08:00')
    const b = await start('2026-11-23 08:00', { database: a.app.database })
    await a.admin('g1').receive('订阅 -t 08:30')
    await a.admin('g2').receive('订阅 -t 08:30')
    await runUntil('2026-11-23 08:10')
    await b.admin('g1').receive('退订')
    await runUntil('2026-11-23 08:40')
    expect([...a.bot.to('g1'), ...b.bot.to('g1')]).toEqual([])
    expect([...a.bot.to('g2'), ...b.bot.to('g2')]).toHaveLength(1)
  })
})
