import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { Page } from 'playwright-core'
import { PHOTO_SHEET, TOTAL_LABEL } from '../src/ledger/workbook'
import { consoleBrowser, LAPTOP, PIXEL, sum, YEAR } from './helpers/console-browser'

/** The page's 下载 tab: the period's workbook and its photos, behind the admin login. */
describe('the 普法台账 page\'s downloads', () => {
  const env = consoleBrowser()
  const saved = mkdtempSync(join(tmpdir(), 'pufa-downloads-'))
  afterAll(() => rmSync(saved, { recursive: true, force: true }))

  /** Clicks a download button for 今年 and returns the file the browser saved. */
  async function download(page: Page, button: string) {
    const started = page.waitForEvent('download')
    await page.getByRole('button', { name: button }).click()
    const file = await started
    const path = join(saved, file.suggestedFilename())
    await file.saveAs(path)
    return { name: file.suggestedFilename(), bytes: readFileSync(path) }
  }

  /** The 合计 row of 单位汇总: 场次, 参与人次, 资料份数. */
  function totals(workbook: ExcelJS.Workbook) {
    const sheet = workbook.getWorksheet('单位汇总')!
    let found: number[] = []
    sheet.eachRow((row) => {
      if (row.getCell(1).value === TOTAL_LABEL) found = [3, 4, 5].map(column => Number(row.getCell(column).value))
    })
    return found
  }

  const get = (path: string) => fetch(`${env.http}${path}`)

  it('gives a client that has not logged in no link, and the route no file without one', async () => {
    const client = await env.connect()
    expect(await client.call('pufa-console/download', 'xlsx', '今年')).toEqual({ error: 'unauthorized' })
    expect(await client.call('pufa-console/download', 'photos', '今年')).toEqual({ error: 'unauthorized' })
    const reader = await env.loggedInAs(2)
    expect(await reader.call('pufa-console/download', 'xlsx', '今年')).toEqual({ error: 'unauthorized' })
    for (const path of ['/pufa-console/download/0123456789abcdef', '/pufa-console/download/', '/pufa-console/download/..%2F..%2Fkoishi.db']) {
      const response = await get(path)
      expect(response.headers.get('content-disposition'), path).toBeNull()
      expect(await response.text(), path).not.toMatch(/^PK/)
    }
  })

  it('serves a link once, to whoever the admin\'s page gave it', async () => {
    const admin = await env.loggedInAs(3)
    const { value } = await admin.call('pufa-console/download', 'xlsx', '今年')
    expect(value.name).toBe('台账-2026-01-01_2026-12-31.xlsx')
    const first = await get(value.url)
    expect(first.status).toBe(200)
    expect(Buffer.from(await first.arrayBuffer()).subarray(0, 2).toString()).toBe('PK')
    const again = await get(value.url)
    expect(again.status).toBe(404)
    expect(await again.text()).toBe('下载链接已失效或已用过。请回到控制台的「普法台账」页面重新下载。')
    expect(await admin.call('pufa-console/download', 'xlsx', '2027年')).toEqual({ value: { problem: '期间“2027年”还没开始。' } })
  })

  it('downloads the year\'s workbook, whose sums are the reports\'', async () => {
    const page = await env.loggedIn(LAPTOP)
    await page.getByRole('tab', { name: '下载' }).click()
    await page.getByRole('button', { name: '今年' }).click()
    const { name, bytes } = await download(page, '下载 .xlsx')
    expect(name).toBe('台账-2026-01-01_2026-12-31.xlsx')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.read(Readable.from([bytes]))
    expect(totals(workbook)).toEqual([YEAR.length, sum('participants'), sum('materials')])
    // No photo links in the plain workbook.
    expect(workbook.getWorksheet(PHOTO_SHEET)).toBeUndefined()
    await page.close()
  })

  it('downloads the year\'s photos in a zip whose workbook links each one inside it', async () => {
    const page = await env.loggedIn(LAPTOP)
    await page.getByRole('tab', { name: '下载' }).click()
    await page.getByRole('button', { name: '今年' }).click()
    const { name, bytes } = await download(page, '下载照片 .zip')
    expect(name).toBe('台账-2026-01-01_2026-12-31.zip')
    const zip = await JSZip.loadAsync(bytes)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.read(Readable.from([await zip.file('台账-2026-01-01_2026-12-31.xlsx')!.async('nodebuffer')]))
    expect(totals(workbook)).toEqual([YEAR.length, sum('participants'), sum('materials')])

    const links: string[] = []
    workbook.getWorksheet(PHOTO_SHEET)!.eachRow((row, number) => {
      const value = row.getCell(5).value as { hyperlink?: string } | null
      if (number > 2 && value?.hyperlink) links.push(value.hyperlink)
    })
    const expected = YEAR.flatMap(s => s.photos ?? []).map(photo => `photos/${photo}`)
    expect(links.sort()).toEqual(expected.sort())
    for (const link of links) expect(await zip.file(link)!.async('nodebuffer'), link).toEqual(PIXEL)
    await page.close()
  })
})
