import { existsSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import ExcelJS from 'exceljs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { at, createBot, ROOT, TestBot } from './helpers/bot'
import { bindOfficer } from './helpers/reports'

let t: TestBot

afterEach(async () => {
  await t.dispose()
  vi.useRealTimers()
})

/** A bot whose platform takes files, with one report by an officer and one by the admin. */
async function start(filePlatforms = ['mock']) {
  // Only the clock is fake: the Excel writer needs real timers.
  vi.useFakeTimers({ now: at('2026-12-20 10:00'), toFake: ['Date'] })
  t = await createBot({ ledger: { filePlatforms } })
  await bindOfficer(t, 'o1', '城关镇')
  await t.client('o1', 'g1').receive('报送 宪法进校园宣讲 -d 2026-12-04 -p 300 -t 宪法')
  await t.admin('g1').receive('报送 禁毒宣传 -u 城关镇 -d 2026-12-05 -p 30')
}

const DONE = '已导出 2026年12月台账：2 条报送、12 个单位。'
const pathIn = (reply: string) => /文件：(.+\.xlsx)$/.exec(reply)![1]

describe('导出 in a group', () => {
  it('sends the workbook to the admin privately and tells the group only that', async () => {
    await start()
    const [reply] = await t.admin('g1').receive('导出')
    const path = pathIn(reply)
    expect(reply).toBe(`${DONE}\n台账含各单位联络员姓名，已私信发给你，没有发到群里。服务器上另存一份，文件：${path}`)
    const file = join(ROOT, path)
    expect(t.bot.outbox).toEqual([{ channelId: 'private:admin', content: `<file title="${basename(file)}" src="${pathToFileURL(file).href}"/>` }])
    expect(t.bot.to('g1')).toEqual([])
  })

  it('says where the file is when the private message fails', async () => {
    await start()
    t.bot.rejecting.set('private:admin', 'not friends')
    const [reply] = await t.admin('g1').receive('导出')
    const path = pathIn(reply)
    expect(reply).toBe(`${DONE}\n文件没有发出去（没能私信，或平台、协议端不支持发文件）：请先加机器人为好友（或与它开启私聊），再私聊发送「导出」；也可请运维人员从服务器取出。文件：${path}`)
    expect(existsSync(join(ROOT, path))).toBe(true)
    expect(t.bot.outbox).toEqual([])
  })

  it('only says where the file is on a platform that takes no files', async () => {
    await start(['onebot'])
    const [reply] = await t.admin('g1').receive('导出')
    expect(reply).toBe(`${DONE}\n本平台不能直接发送文件，请运维人员从服务器取出。文件：${pathIn(reply)}`)
    expect(t.bot.outbox).toEqual([])
  })
})

describe('导出 in a private chat', () => {
  it('sends the workbook right there', async () => {
    await start()
    const replies = await t.client('admin').receive('导出')
    expect(replies).toHaveLength(2)
    const file = join(ROOT, pathIn(replies[1]))
    expect(replies).toEqual([
      `<file title="${basename(file)}" src="${pathToFileURL(file).href}"/>`,
      `${DONE}\n已发送。服务器上另存一份，文件：${pathIn(replies[1])}`,
    ])
  })
})

describe('the workbook', () => {
  it('names reporters instead of account ids and is readable by the bot\'s user only', async () => {
    await start()
    const [reply] = await t.admin('g1').receive('导出')
    const file = join(ROOT, pathIn(reply))
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(statSync(dirname(file)).mode & 0o777).toBe(0o700)
    const [officer] = await t.app.database.get('pufa_officer', {})
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(file)
    const detail = book.getWorksheet('明细')!
    const reporters: Record<string, unknown> = {}
    detail.eachRow((row) => {
      if (typeof row.getCell(1).value === 'number') reporters[String(row.getCell(4).value)] = row.getCell(14).value
    })
    expect(reporters).toEqual({ 宪法进校园宣讲: officer.name, 禁毒宣传: '（非联络员账号）' })
    const everything = JSON.stringify(detail.getSheetValues())
    expect(everything).not.toContain('mock:o1')
    expect(everything).not.toContain('mock:admin')
  })

  it('lists every report of a period longer than one page of reads once, in id order, as stored', async () => {
    vi.useFakeTimers({ now: at('2026-12-20 10:00'), toFake: ['Date'] })
    t = await createBot({ ledger: { filePlatforms: [] } })
    await bindOfficer(t, 'o1', '城关镇')
    const [officer] = await t.app.database.get('pufa_officer', {})
    const units = new Map((await t.app.database.get('pufa_unit', {})).map(unit => [unit.id, unit.name]))
    const unitIds = [...units.keys()]
    const made = at('2026-12-04 10:00').getTime()
    // More than the export reads at a time (2,000), with text that JSON and XML both escape;
    // a few withdrawn or of November, which stay out.
    const reports = Array.from({ length: 2_105 }, (_, i) => ({
      id: i + 1,
      unitId: unitIds[i % unitIds.length],
      title: i % 7 ? `宣讲第${i}场` : `“引号”\\反斜杠 <标签> & 'é' 😀 ${i}`,
      date: i % 97 ? `2026-12-${String(1 + i % 28).padStart(2, '0')}` : '2026-11-30',
      place: '文化广场', participants: i, materials: 2 * i, theme: '宪法', form: '讲座',
      keyDate: i % 3 ? '' : 'police-day',
      photos: i % 5 ? [] : [`p${i}.jpg`, `q${i}.jpg`],
      photosExpiredAt: null,
      status: i % 50 ? 'active' as const : 'withdrawn' as const,
      source: 'line',
      createdBy: i % 2 ? 'mock:o1' : 'mock:admin',
      createdAt: new Date(made + i * 60_000),
      updatedAt: new Date(made + i * 60_000),
    }))
    for (let i = 0; i < reports.length; i += 300) await t.app.database.upsert('pufa_report', reports.slice(i, i + 300))
    const stored = await t.app.database.get('pufa_report', { status: 'active', date: { $gte: '2026-12-01', $lte: '2026-12-31' } }, { sort: { id: 'asc' } })
    expect(stored.length).toBeGreaterThan(2_000)

    const [reply] = await t.admin('g1').receive('导出 2026-12-01~2026-12-31')
    expect(reply).toContain(`：${stored.length} 条报送`)
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(join(ROOT, pathIn(reply)))
    const listed: unknown[][] = []
    book.getWorksheet('明细')!.eachRow((row) => {
      if (typeof row.getCell(1).value !== 'number') return
      listed.push([1, 2, 4, 5, 7, 11, 12, 14, 15].map(column => row.getCell(column).value))
    })
    expect(listed).toEqual(stored.map(report => [
      report.id,
      units.get(report.unitId),
      report.title,
      new Date(`${report.date}T00:00:00Z`),
      report.participants,
      report.keyDate ? '中国人民警察节' : null,
      report.photos.length ? report.photos.join('、') : null,
      report.createdBy === 'mock:o1' ? officer.name : '（非联络员账号）',
      // Shanghai wall clock, as Excel shows it.
      new Date(report.createdAt.getTime() + 8 * 3600_000),
    ]))
  })
})
