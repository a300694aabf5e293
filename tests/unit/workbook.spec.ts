import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LedgerRow, writeLedgerWorkbook } from '../../src/ledger/workbook'

// ───────────── a deterministic ledger ─────────────

const UNITS = [
  { name: '城关司法所', kind: '司法所' },
  { name: '东关街道司法所', kind: '司法所' },
  { name: '县公安局', kind: '执法单位' },
  { name: '县市场监督管理局', kind: '执法单位' },
  { name: '实验小学', kind: '学校' },
  { name: '县人民医院', kind: '医疗机构' },
  { name: '阳光社区居委会', kind: '社区' },
]
/** Listed for the ledger but never reports. */
const SILENT_UNIT = { name: '安乐镇司法所', kind: '司法所' }
const THEMES = ['宪法', '民法典', '反诈', '禁毒', '未成年人保护']
const FORMS = ['讲座', '咨询', '发放资料', '以案释法']
/** '' is a report with no key date. */
const KEY_DATES = ['国家宪法日', '', '全民国家安全教育日', '国际禁毒日', '']
const SOURCES = ['line', 'paragraph', 'dialogue']

/** mulberry32: a small seeded generator, so the rows are the same on every run. Returns 0 … n-1. */
function random(seed: number) {
  let state = seed >>> 0
  return (n: number) => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n)
  }
}

function makeRows(count: number): LedgerRow[] {
  const next = random(20261204)
  const rows: LedgerRow[] = []
  for (let id = 1; id <= count; id++) {
    // The smaller of two draws: an uneven share per unit, so 场次 differ and the sort matters.
    const unit = UNITS[Math.min(next(UNITS.length), next(UNITS.length))]
    const day = 1 + next(28)
    // 16:00–23:59 UTC on the 5th is already the 6th in Shanghai: exercises the offset.
    const createdAt = new Date(Date.UTC(2026, 11, 5 + next(20), next(24), next(60), next(60)))
    rows.push({
      id,
      unit: unit.name,
      unitKind: unit.kind,
      title: `“${THEMES[id % THEMES.length]}”进${unit.kind}宣讲第${id}场`,
      date: `2026-12-${String(day).padStart(2, '0')}`,
      place: `${unit.name}会议室`,
      participants: next(400),
      materials: next(1000),
      theme: THEMES[next(THEMES.length)],
      form: FORMS[next(FORMS.length)],
      keyDate: KEY_DATES[next(KEY_DATES.length)],
      photos: Array.from({ length: next(4) }, (_, i) => `${id}-现场${i + 1}.jpg`),
      source: SOURCES[next(SOURCES.length)],
      createdBy: `onebot:${10000 + next(90000)}`,
      createdAt,
      updatedAt: new Date(createdAt.getTime() + next(3) * 3600_000),
    })
  }
  return rows
}

async function* stream<T>(items: T[]): AsyncIterable<T> {
  for (let i = 0; i < items.length; i++) {
    // A page boundary now and then, as a database cursor would have.
    if (i % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 0))
    yield items[i]
  }
}

// ───────────── the expected ledger, computed independently ─────────────

/** Shanghai is UTC+8 all year; the calendar date of an instant there. */
const shanghaiMinute = (instant: Date) => new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')

interface Sum { count: number; participants: number; materials: number }

function sums(rows: LedgerRow[], key: (row: LedgerRow) => string): Map<string, Sum> {
  const map = new Map<string, Sum>()
  for (const row of rows) {
    const k = key(row)
    const s = map.get(k) ?? { count: 0, participants: 0, materials: 0 }
    s.count++
    s.participants += row.participants
    s.materials += row.materials
    map.set(k, s)
  }
  return map
}

const byCountThenName = (a: [string, Sum], b: [string, Sum]) =>
  b[1].count - a[1].count || a[0].localeCompare(b[0], 'zh-Hans-CN')

function total(rows: LedgerRow[]): Sum {
  return {
    count: rows.length,
    participants: rows.reduce((n, row) => n + row.participants, 0),
    materials: rows.reduce((n, row) => n + row.materials, 0),
  }
}

// ───────────── reading the file back ─────────────

async function read(file: string) {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.readFile(file)
  return workbook
}

function sheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const found = workbook.getWorksheet(name)
  if (!found) throw new Error(`no sheet ${name}`)
  return found
}

function rowValues(ws: ExcelJS.Worksheet, row: number, columns: number): unknown[] {
  return Array.from({ length: columns }, (_, i) => ws.getRow(row).getCell(i + 1).value)
}

/** Data rows below the header (row 2), up to the last row with values. */
function dataRows(ws: ExcelJS.Worksheet, columns: number): unknown[][] {
  const rows: unknown[][] = []
  for (let r = 3; r <= ws.rowCount; r++) rows.push(rowValues(ws, r, columns))
  return rows
}

const day = (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : value)

const DETAIL_HEADERS = ['编号', '单位', '单位类型', '活动名称', '活动日期', '地点', '参与人次', '资料份数', '主题', '形式', '重要节点', '照片', '来源', '报送人', '报送时间', '修改时间']
const UNIT_HEADERS = ['单位', '类型', '场次', '参与人次', '资料份数', '最近活动日期']
const THEME_HEADERS = ['主题', '场次', '人次', '份数']
const KEY_DATE_HEADERS = ['重要节点', '场次', '人次', '份数']

// ───────────── tests ─────────────

let dir: string
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'pufa-ledger-')) })
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('writeLedgerWorkbook', () => {
  const rows = makeRows(500)
  // 16:30 UTC on 31 December is already 1 January in Shanghai.
  const generatedAt = new Date('2026-12-31T16:30:00Z')
  let workbook: ExcelJS.Workbook
  let result: { rows: number; units: number }

  beforeAll(async () => {
    const file = join(dir, '台账-2026-12.xlsx')
    result = await writeLedgerWorkbook(file, {
      title: '2026年12月 普法台账',
      rows: stream(rows),
      generatedAt,
      units: [...UNITS, SILENT_UNIT],
    })
    workbook = await read(file)
  })

  it('makes the rows the data needs: every unit reports, key dates include none', () => {
    expect(new Set(rows.map((row) => row.unit)).size).toBe(UNITS.length)
    expect(rows.some((row) => row.keyDate === '')).toBe(true)
    expect(rows.some((row) => row.photos.length === 0) && rows.some((row) => row.photos.length > 1)).toBe(true)
  })

  it('reports how many rows and units it wrote', () => {
    expect(result).toEqual({ rows: 500, units: UNITS.length + 1 })
  })

  it('has the four sheets in order', () => {
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual(['明细', '单位汇总', '主题汇总', '节点汇总'])
  })

  it('titles every sheet with the generation time in Shanghai, whatever the server zone', () => {
    for (const ws of workbook.worksheets) {
      const title = String(ws.getCell('A1').value)
      expect(title).toContain('2026年12月 普法台账')
      expect(title).toContain('2027-01-01 00:30')
      expect(title).toContain('北京时间')
    }
    expect(workbook.title).toBe('2026年12月 普法台账')
  })

  it('puts Chinese headings in row 2, freezes the rows above the data and sets column widths', () => {
    const expected: Record<string, string[]> = { 明细: DETAIL_HEADERS, 单位汇总: UNIT_HEADERS, 主题汇总: THEME_HEADERS, 节点汇总: KEY_DATE_HEADERS }
    for (const [name, headers] of Object.entries(expected)) {
      const ws = sheet(workbook, name)
      expect(rowValues(ws, 2, headers.length + 1)).toEqual([...headers, null])
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 })
      for (let c = 1; c <= headers.length; c++) expect(ws.getColumn(c).width).toBeGreaterThanOrEqual(8)
    }
    expect(sheet(workbook, '明细').getColumn(4).width).toBeGreaterThan(sheet(workbook, '明细').getColumn(1).width!)
  })

  it('writes one detail row per report, in order, with every field', () => {
    const ws = sheet(workbook, '明细')
    expect(ws.rowCount).toBe(2 + rows.length)
    const ids = dataRows(ws, 1).map(([id]) => id)
    expect(ids).toEqual(rows.map((row) => row.id))

    const withPhotos = rows.find((row) => row.photos.length >= 2)!
    const values = rowValues(ws, 2 + withPhotos.id, DETAIL_HEADERS.length)
    expect(values[0]).toBe(withPhotos.id)
    expect(values.slice(1, 4)).toEqual([withPhotos.unit, withPhotos.unitKind, withPhotos.title])
    expect(values[4]).toBeInstanceOf(Date)
    expect(day(values[4])).toBe(withPhotos.date)
    expect(values[5]).toBe(withPhotos.place)
    expect(values[6]).toBe(withPhotos.participants)
    expect(values[7]).toBe(withPhotos.materials)
    expect(typeof values[6]).toBe('number')
    expect(typeof values[7]).toBe('number')
    expect(values.slice(8, 10)).toEqual([withPhotos.theme, withPhotos.form])
    expect(values[11]).toBe(withPhotos.photos.join('、'))
    expect(values[11]).toMatch(/^\d+-现场1\.jpg、\d+-现场2\.jpg/)
    expect(values[13]).toBe(withPhotos.createdBy)
  })

  it('writes dates as real Excel dates: activity days, and created/updated times on the Shanghai clock', () => {
    const ws = sheet(workbook, '明细')
    for (const row of rows.slice(0, 60)) {
      const r = ws.getRow(2 + row.id)
      expect(day(r.getCell(5).value)).toBe(row.date)
      expect(r.getCell(5).numFmt).toBe('yyyy-mm-dd')
      const created = r.getCell(15).value as Date
      const updated = r.getCell(16).value as Date
      expect(created).toBeInstanceOf(Date)
      expect(created.toISOString().slice(0, 16).replace('T', ' ')).toBe(shanghaiMinute(row.createdAt))
      expect(updated.toISOString().slice(0, 16).replace('T', ' ')).toBe(shanghaiMinute(row.updatedAt))
      expect(r.getCell(15).numFmt).toBe('yyyy-mm-dd hh:mm')
    }
  })

  it('leaves the key date empty for reports without one, and names the source in Chinese', () => {
    const ws = sheet(workbook, '明细')
    const none = rows.find((row) => row.keyDate === '')!
    const some = rows.find((row) => row.keyDate !== '')!
    expect(ws.getRow(2 + none.id).getCell(11).value).toBeNull()
    expect(ws.getRow(2 + some.id).getCell(11).value).toBe(some.keyDate)
    const labels: Record<string, string> = { line: '单行', paragraph: '整段', dialogue: '对话' }
    for (const row of rows.slice(0, 20)) expect(ws.getRow(2 + row.id).getCell(13).value).toBe(labels[row.source])
  })

  it('sums each unit, sorted by 场次 then name, with silent units at zero and a 合计 row', () => {
    const ws = sheet(workbook, '单位汇总')
    const perUnit = sums(rows, (row) => row.unit)
    perUnit.set(SILENT_UNIT.name, { count: 0, participants: 0, materials: 0 })
    const kinds = new Map([...UNITS, SILENT_UNIT].map((unit) => [unit.name, unit.kind]))
    const latest = new Map<string, string>()
    for (const row of rows) {
      if (row.date > (latest.get(row.unit) ?? '')) latest.set(row.unit, row.date)
    }
    const expected = [...perUnit].sort(byCountThenName).map(([name, s]) =>
      [name, kinds.get(name), s.count, s.participants, s.materials, latest.get(name) ?? null])
    const all = total(rows)
    expected.push(['合计', null, all.count, all.participants, all.materials, [...latest.values()].sort().at(-1)])

    const actual = dataRows(ws, UNIT_HEADERS.length).map((values) => values.map(day))
    expect(actual).toEqual(expected)
    expect(actual.at(-2)![0]).toBe(SILENT_UNIT.name)
  })

  it('sums each theme, with a 合计 row', () => {
    const ws = sheet(workbook, '主题汇总')
    const expected = [...sums(rows, (row) => row.theme)].sort(byCountThenName)
      .map(([theme, s]) => [theme, s.count, s.participants, s.materials])
    const all = total(rows)
    expected.push(['合计', all.count, all.participants, all.materials])
    expect(dataRows(ws, THEME_HEADERS.length)).toEqual(expected)
  })

  it('sums each key date, reports without one last under （无节点）, with a 合计 row', () => {
    const ws = sheet(workbook, '节点汇总')
    const perKeyDate = sums(rows.filter((row) => row.keyDate), (row) => row.keyDate)
    const expected = [...perKeyDate].sort(byCountThenName).map(([name, s]) => [name, s.count, s.participants, s.materials])
    const none = total(rows.filter((row) => !row.keyDate))
    expected.push(['（无节点）', none.count, none.participants, none.materials])
    const all = total(rows)
    expected.push(['合计', all.count, all.participants, all.materials])
    expect(dataRows(ws, KEY_DATE_HEADERS.length)).toEqual(expected)
  })

  it('writes counts as numbers in every summary', () => {
    for (const name of ['单位汇总', '主题汇总', '节点汇总']) {
      const ws = sheet(workbook, name)
      const first = name === '单位汇总' ? 3 : 2
      for (const values of dataRows(ws, first + 2)) {
        for (const value of values.slice(first - 1, first + 2)) expect(typeof value).toBe('number')
      }
    }
  })
})

describe('writeLedgerWorkbook edge cases', () => {
  it('writes headers and zero totals for no reports', async () => {
    const file = join(dir, 'empty.xlsx')
    const result = await writeLedgerWorkbook(file, { title: '2027年1月 普法台账', rows: stream<LedgerRow>([]), generatedAt: new Date('2027-01-05T02:00:00Z') })
    expect(result).toEqual({ rows: 0, units: 0 })
    const workbook = await read(file)
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual(['明细', '单位汇总', '主题汇总', '节点汇总'])
    expect(rowValues(sheet(workbook, '明细'), 2, DETAIL_HEADERS.length)).toEqual(DETAIL_HEADERS)
    expect(dataRows(sheet(workbook, '明细'), DETAIL_HEADERS.length)).toEqual([])
    expect(rowValues(sheet(workbook, '单位汇总'), 2, UNIT_HEADERS.length)).toEqual(UNIT_HEADERS)
    expect(dataRows(sheet(workbook, '单位汇总'), UNIT_HEADERS.length)).toEqual([['合计', null, 0, 0, 0, null]])
    expect(dataRows(sheet(workbook, '主题汇总'), THEME_HEADERS.length)).toEqual([['合计', 0, 0, 0]])
    expect(dataRows(sheet(workbook, '节点汇总'), KEY_DATE_HEADERS.length)).toEqual([['合计', 0, 0, 0]])
    expect(String(sheet(workbook, '明细').getCell('A1').value)).toContain('2027-01-05 10:00')
  })

  it('lists units given in the lookup that have no reports', async () => {
    const file = join(dir, 'silent.xlsx')
    const result = await writeLedgerWorkbook(file, { title: '台账', rows: stream<LedgerRow>([]), generatedAt: new Date(), units: [SILENT_UNIT] })
    expect(result).toEqual({ rows: 0, units: 1 })
    const ws = sheet(await read(file), '单位汇总')
    expect(dataRows(ws, UNIT_HEADERS.length)).toEqual([[SILENT_UNIT.name, SILENT_UNIT.kind, 0, 0, 0, null], ['合计', null, 0, 0, 0, null]])
  })

  it('keeps Chinese and markup-like text exactly, as text', async () => {
    const file = join(dir, 'text.xlsx')
    const [row] = makeRows(1)
    const odd: LedgerRow = {
      ...row,
      unit: '𠮷野家社区（试点）',
      title: '=SUM(A1:A9) <b>“宪法”</b> & 《民法典》宣讲——第①场',
      place: "乡镇'便民'服务中心\n二楼",
      keyDate: '全国“安全生产月”',
      photos: ['照片 一.jpg', 'photo&2.png'],
    }
    await writeLedgerWorkbook(file, { title: '测试台账：“引号”与<尖括号>', rows: stream([odd]), generatedAt: new Date() })
    const workbook = await read(file)
    const values = rowValues(sheet(workbook, '明细'), 3, DETAIL_HEADERS.length)
    expect(values[1]).toBe(odd.unit)
    expect(values[3]).toBe(odd.title)
    expect(values[5]).toBe(odd.place)
    expect(values[10]).toBe('全国“安全生产月”')
    expect(values[11]).toBe('照片 一.jpg、photo&2.png')
    expect(String(sheet(workbook, '明细').getCell('A1').value)).toContain('测试台账：“引号”与<尖括号>')
    expect(dataRows(sheet(workbook, '单位汇总'), 1)[0]).toEqual(['𠮷野家社区（试点）'])
    expect(dataRows(sheet(workbook, '节点汇总'), 1)[0]).toEqual(['全国“安全生产月”'])
  })

  it('writes the same workbook from pages of reports as from reports one at a time', async () => {
    const rows = makeRows(700)
    const pages = [rows.slice(0, 256), rows.slice(256, 257), rows.slice(257, 257), rows.slice(257)]
    const generatedAt = new Date('2026-12-31T02:00:00Z')
    const input = { title: '2026年12月 普法台账', generatedAt, units: [...UNITS, SILENT_UNIT] }
    const single = await writeLedgerWorkbook(join(dir, 'single.xlsx'), { ...input, rows: stream(rows) })
    const paged = await writeLedgerWorkbook(join(dir, 'paged.xlsx'), { ...input, rows: stream(pages) })
    expect(paged).toEqual(single)
    const [one, other] = [await read(join(dir, 'single.xlsx')), await read(join(dir, 'paged.xlsx'))]
    expect(other.worksheets.map((ws) => ws.name)).toEqual(one.worksheets.map((ws) => ws.name))
    for (const ws of one.worksheets) expect(sheet(other, ws.name).getSheetValues()).toEqual(ws.getSheetValues())
    const numFmts = (workbook: ExcelJS.Workbook) => DETAIL_HEADERS.map((_, i) => sheet(workbook, '明细').getRow(3).getCell(i + 1).numFmt)
    expect(numFmts(other)).toEqual(numFmts(one))
    expect(numFmts(other)[4]).toBe('yyyy-mm-dd')
    expect(dataRows(sheet(other, '明细'), 1).map(([id]) => id)).toEqual(rows.map((row) => row.id))
  })

  it('leaves nothing behind when the rows fail part way', async () => {
    const folder = mkdtempSync(join(dir, 'broken-'))
    const file = join(folder, 'ledger.xlsx')
    async function* failing(): AsyncIterable<LedgerRow> {
      yield* makeRows(300)
      throw new Error('database went away')
    }
    await expect(writeLedgerWorkbook(file, { title: '台账', rows: failing(), generatedAt: new Date() })).rejects.toThrow('database went away')
    expect(readdirSync(folder)).toEqual([])
  })

  it('rejects, without crashing, when the folder does not exist', async () => {
    const file = join(dir, 'no-such-folder', 'ledger.xlsx')
    await expect(writeLedgerWorkbook(file, { title: '台账', rows: stream(makeRows(3)), generatedAt: new Date() })).rejects.toThrow(/ENOENT/)
  })
})
