import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { at, createBot, TestBot } from './helpers/bot'
import { tempDatabase } from './helpers/db-dir'
import { bindOfficer, png, reportRows, savedFiles, sha256 } from './helpers/reports'

const RED = png([255, 0, 0])
const GREEN = png([0, 255, 0])
const BLUE = png([0, 0, 255])
const YELLOW = png([255, 255, 0])
const img = (bytes: Buffer) => `<img src="data:image/png;base64,${bytes.toString('base64')}"/>`
const fileOf = (bytes: Buffer) => `${sha256(bytes)}.png`
/** Push checks every minute; these tests are about the nightly clean-up only. */
const QUIET_PUSH = { cron: '0 0 1 1 *' }

const temp = tempDatabase()
let t: TestBot | undefined

afterAll(() => temp.remove())

afterEach(async () => {
  await t?.dispose()
  t = undefined
  vi.useRealTimers()
})

/** Moves the fake clock to a Beijing time, firing the timers on the way. */
async function runUntil(local: string) {
  await vi.advanceTimersByTimeAsync(at(local).getTime() - Date.now())
}

describe('the nightly clean-up of reports', () => {
  it('removes photos, drafts and stray pictures when due, not before, and keeps the reports', async () => {
    // Two reports two days apart sharing a picture, and a picture left by a refused report.
    vi.useFakeTimers({ now: at('2026-12-02 10:00') })
    const first = await createBot({ file: temp.file, push: QUIET_PUSH })
    await bindOfficer(first, 'o1', '城关镇')
    const officer = first.client('o1', 'g1')
    expect(await officer.receive(`报送 宪法宣讲 -d 2026-12-01 -p 300 ${img(RED)}${img(GREEN)}`)).toEqual(['已登记 #1｜城关镇｜2026-12-01｜宪法｜300人次｜0份｜📎2'])
    await officer.receive(`报送 禁毒宣传 -p 30 ${img(YELLOW)}<img src="data:image/png;base64,${Buffer.from('not a picture').toString('base64')}"/>`)
    vi.setSystemTime(at('2026-12-04 10:00'))
    expect(await officer.receive(`报送 反诈宣传 -p 50 ${img(GREEN)}${img(BLUE)}`)).toEqual(['已登记 #2｜城关镇｜2026-12-04｜反诈｜50人次｜0份｜📎2'])
    expect(savedFiles(first)).toEqual([RED, GREEN, BLUE, YELLOW].map(fileOf).sort())
    await first.stop()

    // Two years on: drafts last answered 30 days before tonight's run, and a minute later.
    vi.setSystemTime(at('2028-12-01 03:00'))
    t = await createBot({ file: temp.file, push: QUIET_PUSH })
    const draft = { userId: 'o1', unitId: 1, fields: { title: '草稿' }, photos: [fileOf(YELLOW)], step: 'date' as const, source: 'dialogue', platform: 'mock' }
    await t.app.database.upsert('pufa_report_draft', [
      { ...draft, channelId: 'g1', updatedAt: at('2028-11-01 03:30') },
      { ...draft, channelId: 'g2', updatedAt: at('2028-11-01 03:31') },
    ])
    const drafts = async () => (await t!.app.database.get('pufa_report_draft', {})).map(d => d.channelId).sort()
    const expiredAt = async () => (await reportRows(t!)).map(r => r.photosExpiredAt?.getTime())

    // 2028-12-01 03:30: the first draft is exactly 30 days old. The photos are not due: the
    // older report turns 730 days old at 10:00.
    await runUntil('2028-12-01 03:31')
    await vi.waitFor(async () => expect(await drafts()).toEqual(['g2']))
    expect(await expiredAt()).toEqual([undefined, undefined])
    // The refused report's picture is still held by the remaining draft.
    expect(savedFiles(t)).toEqual([RED, GREEN, BLUE, YELLOW].map(fileOf).sort())

    // 2028-12-02 03:30: the first report's photos go; the picture it shares with the second stays.
    await runUntil('2028-12-02 03:31')
    await vi.waitFor(async () => expect(savedFiles(t!)).toEqual([GREEN, BLUE].map(fileOf).sort()))
    expect(await drafts()).toEqual([])
    expect(await expiredAt()).toEqual([at('2028-12-02 03:30').getTime(), undefined])
    expect(await reportRows(t)).toMatchObject([
      { id: 1, title: '宪法宣讲', status: 'active', photos: [fileOf(RED), fileOf(GREEN)] },
      { id: 2, title: '反诈宣传', status: 'active', photos: [fileOf(GREEN), fileOf(BLUE)] },
    ])
    const [view] = await t.admin('g1').receive('报送 查看 1')
    expect(view).toContain('· 照片：2 张\n照片已于 2028-12-02 过了保存期限，已删除；报送记录保留。')
    expect(await t.admin('g1').receive('台账 2026-12 -u 城关镇')).toEqual([expect.stringContaining('#1 12-01 宪法宣讲｜300人次｜0份｜📎2（照片已过保存期限删除）')])

    // The second report turns 730 days old at 2028-12-03 10:00: its photos go at the next run.
    await runUntil('2028-12-04 03:31')
    await vi.waitFor(async () => expect(savedFiles(t!)).toEqual([]))
    expect(await expiredAt()).toEqual([at('2028-12-02 03:30').getTime(), at('2028-12-04 03:30').getTime()])
    expect((await reportRows(t)).map(r => r.title)).toEqual(['宪法宣讲', '反诈宣传'])
  })
})

describe('the nightly clean-up of exports', () => {
  it('removes workbooks exactly 7 days old and leaves younger ones', async () => {
    vi.useFakeTimers({ now: at('2026-12-20 03:00') })
    t = await createBot({ push: QUIET_PUSH })
    const dir = join(dirname(t.file!), 'exports')
    mkdirSync(dir, { recursive: true })
    const files = {
      '台账-old.xlsx': at('2026-12-13 03:40'),
      '台账-young.xlsx': at('2026-12-13 03:41'),
      '台账-crashed.xlsx.1.tmp': at('2026-12-01 00:00'),
    }
    for (const [name, time] of Object.entries(files)) {
      writeFileSync(join(dir, name), 'x')
      utimesSync(join(dir, name), time, time)
    }
    await runUntil('2026-12-20 03:41')
    await vi.waitFor(() => expect(readdirSync(dir)).toEqual(['台账-young.xlsx']))
    await runUntil('2026-12-21 03:41')
    await vi.waitFor(() => expect(readdirSync(dir)).toEqual([]))
  })
})
