// 提示函 before a duty's deadline and 督办函 after a checkpoint, on a fake clock, through
// the delivery log: each goes out once, across ticks and restarts.
import { resolve } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as duties from '../plugins/duties/src'
import { at, createBot, TestBot } from './helpers/bot'
import { tempDatabase } from './helpers/db-dir'
import { bindOfficer } from './helpers/reports'

const FIXTURE = resolve(__dirname, 'fixtures/duty-letters.yml')
const bots: TestBot[] = []
const cleanups: (() => void)[] = []

afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.dispose()
  for (const cleanup of cleanups.splice(0)) cleanup()
  vi.useRealTimers()
})

/** A bot with the 责任清单 of the fixture and the default letter settings, started at a Shanghai time. */
async function start(local: string, file?: string) {
  vi.setSystemTime(at(local))
  const t = await createBot({ file })
  t.app.plugin(duties, duties.Config({ file: FIXTURE }))
  bots.push(t)
  await vi.advanceTimersByTimeAsync(0)
  return t
}

/** Runs the fake clock forward to a Shanghai time, firing every timer (the per-minute check) on the way. */
async function runUntil(local: string) {
  await vi.advanceTimersByTimeAsync(at(local).getTime() - Date.now())
}

async function seed(t: TestBot, unit: string, date: string, keyDate = '') {
  const [{ id }] = await t.app.database.get('pufa_unit', { name: unit })
  await t.app.pufaReports.audit('create', 'seed', null, db => db.create('pufa_report', {
    unitId: id, date, title: '普法讲座', place: '', theme: '宪法', form: '讲座', participants: 50, materials: 10, keyDate, photos: [],
    status: 'active', source: 'line', createdBy: 'seed', createdAt: new Date(), updatedAt: new Date(),
  }))
}

const letterRows = (t: TestBot) => t.app.database.get('pufa_delivery', { kind: { $in: ['notice', 'overdue'] } }, { sort: { id: 'asc' } })

describe('提示函', () => {
  it('arrives on its day, 3 days before the deadline, and not the day before', async () => {
    vi.useFakeTimers()
    const t = await start('2026-12-16 08:00')
    await bindOfficer(t, 'o1', '城关镇')
    await bindOfficer(t, 'o2', '县教育局')
    // 县教育局 has finished both duties due soon: it gets no 提示函.
    for (const date of ['2026-03-01', '2026-05-01', '2026-07-01', '2026-09-01']) await seed(t, '县教育局', date)
    expect(await t.admin('office').receive('清单 完成 县教育局 summary')).toEqual(['已标记：县教育局 2026年“报送年度普法工作总结”已完成。'])
    await t.admin('g2').receive('订阅 --reminders')
    await t.admin('g3').receive('订阅')
    await runUntil('2026-12-16 10:00')
    expect(t.bot.to('private:o1')).toEqual([])
    vi.setSystemTime(at('2026-12-17 08:55'))
    await runUntil('2026-12-17 09:01')
    expect(t.bot.to('private:o1')).toEqual([[
      '【提示函】城关镇：按照2026年普法责任清单，以下职责即将截止，请抓紧落实：',
      '· 全年开展普法活动不少于 4 场：12月31日截止，目前完成 0/4场',
      '· 报送年度普法工作总结：12月20日截止，完成后请联系普法办标记',
      '活动结束后发「报送」登记即自动计入；发「清单」可查看本单位全部职责。',
    ].join('\n')])
    expect(t.bot.to('private:o2')).toEqual([])
    // The group subscribed for reminders gets one line per duty.
    expect(t.bot.to('g2').filter(text => text.startsWith('【普法责任提示】'))).toEqual([[
      '【普法责任提示】以下职责即将截止，请尚未完成的单位抓紧落实：',
      '· 报送年度普法工作总结：12月20日截止，还有 11 个单位未完成',
      '· 全年开展普法活动不少于 4 场：12月31日截止，还有 11 个单位未完成',
      '各单位联络员可发「清单」查看本单位进度。',
    ].join('\n')])
    // A group subscribed without reminders gets no line.
    expect(t.bot.to('g3').filter(text => text.startsWith('【普法责任提示】'))).toEqual([])
    await runUntil('2026-12-17 12:00')
    expect(t.bot.to('private:o1')).toHaveLength(1)
    expect((await letterRows(t)).map(row => [row.key.replace(/:\d+:/, ':<unit>:'), row.status])).toEqual([
      ['notice:2026-12-17:<unit>:mock:private:o1', 'sent'],
      ['notice:2026-12-17:mock:group:g2', 'sent'],
    ])
  })

  it('is caught up after downtime the same day', async () => {
    vi.useFakeTimers()
    const file = tempDatabase()
    cleanups.push(file.remove)
    const first = await start('2026-12-16 12:00', file.file)
    await bindOfficer(first, 'o1', '城关镇')
    await first.stop()
    bots.splice(bots.indexOf(first), 1)
    // Down at 09:00 on the 17th, back at 15:30.
    const t = await start('2026-12-17 15:30', file.file)
    await runUntil('2026-12-17 15:32')
    expect(t.bot.to('private:o1')).toEqual([expect.stringMatching(/^【提示函】城关镇：/)])
  })
})

describe('督办函', () => {
  /** At the 09-30 checkpoint: 城关镇 has 1 of the 3 activities its share calls for; 县教育局 is on track. */
  async function behindAndOnTrack(t: TestBot) {
    await bindOfficer(t, 'o1', '城关镇')
    await bindOfficer(t, 'o2', '县教育局')
    await seed(t, '城关镇', '2026-03-01')
    for (const date of ['2026-03-01', '2026-06-01']) await seed(t, '县教育局', date)
    await seed(t, '县教育局', '2026-04-15', 'national-security-day')
  }

  const LETTER = [
    '【督办函】城关镇：截至9月30日，以下普法责任进度落后，请抓紧落实：',
    '· 全年开展普法活动不少于 4 场：完成 1/4场，按进度应有 3场，还差 2场（12月31日截止）',
    '· 国家安全教育日开展活动：4月30日已截止，完成 0/1场，还差 1场',
    '请尽快组织开展并发「报送」登记；已完成但未登记的请补报，不由报送统计的职责请联系普法办管理员用「清单 完成」标记。',
  ].join('\n')

  it('reaches a unit behind schedule exactly once across a restart, and none on track', async () => {
    vi.useFakeTimers()
    const file = tempDatabase()
    cleanups.push(file.remove)
    const first = await start('2026-10-01 08:00', file.file)
    await behindAndOnTrack(first)
    await runUntil('2026-10-01 08:59')
    expect(first.bot.to('private:o1')).toEqual([])
    await runUntil('2026-10-01 09:01')
    expect(first.bot.to('private:o1')).toEqual([LETTER])
    expect(first.bot.to('private:o2')).toEqual([])
    await first.stop()
    bots.splice(bots.indexOf(first), 1)

    const second = await start('2026-10-01 09:05', file.file)
    await runUntil('2026-10-01 10:00')
    expect(second.bot.to('private:o1')).toEqual([])
    expect(second.bot.to('private:o2')).toEqual([])
    const rows = await letterRows(second)
    expect(rows.map(row => [row.kind, row.key.replace(/:\d+:/, ':<unit>:'), row.attempt, row.status])).toEqual([
      ['overdue', 'overdue:2026-09-30:<unit>:mock:private:o1', 1, 'sent'],
    ])
    // Admins find the letters in the delivery log.
    const [log] = await second.admin('office').receive('推送 记录')
    expect(log).toContain('· mock:private:o1 督办函「城关镇」✅ 已发送 09:00')
  })

  it('goes only the day after a checkpoint', async () => {
    vi.useFakeTimers()
    const t = await start('2026-09-30 08:00')
    await behindAndOnTrack(t)
    await runUntil('2026-09-30 12:00')
    vi.setSystemTime(at('2026-10-02 08:55'))
    await runUntil('2026-10-02 12:00')
    expect(t.bot.to('private:o1')).toEqual([])
    expect(await letterRows(t)).toEqual([])
  })
})
