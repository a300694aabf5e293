/**
 * The 台账 workbook: every report of a period as an .xlsx file with a detail sheet and
 * per-unit, per-theme and per-key-date summaries.
 *
 * Reports arrive as an async iterable, singly or a page (an array) at a time, so the caller
 * can page through the database; each detail row is committed to exceljs's streaming
 * writer as soon as it is written, and the summaries are accumulated in maps keyed by
 * unit, theme and key date, so memory grows with the number of units and themes, never
 * with the number of reports.
 *
 * Dates are real Excel dates: activity dates as whole days (`yyyy-mm-dd`), created and
 * updated times as Asia/Shanghai wall-clock date-times (`yyyy-mm-dd hh:mm`). Excel dates
 * carry no time zone, so both are written as serials of the Shanghai calendar and never
 * depend on the server's zone.
 */
import { createWriteStream, promises as fsp } from 'node:fs'
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import ExcelJS from 'exceljs'
import { formatShanghai, shanghaiDate } from '../time/shanghai'
import { LocalDate, parseDate } from '../time/local-date'

/** One report, with its unit and key date already resolved to display names. */
export interface LedgerRow {
  id: number
  unit: string
  unitKind: string
  title: string
  /** `YYYY-MM-DD`, the activity's date. */
  date: string
  place: string
  participants: number
  materials: number
  theme: string
  form: string
  /** Display name of the key date (calendar entry), '' when the report has none. */
  keyDate: string
  /** File names under data/attachments/. */
  photos: string[]
  /** When the photos passed their keeping period and were deleted. */
  photosExpiredAt?: Date | null
  /** How it came in: line, paragraph or dialogue. */
  source: string
  /** Who reported, as a name to show (not an account id). */
  createdBy: string
  createdAt: Date
  updatedAt: Date
}

export interface LedgerUnit {
  name: string
  kind: string
}

export interface WorkbookInput {
  /** Shown in the title row of every sheet and as the file's title, e.g. '2026年12月 普法台账'. */
  title: string
  /**
   * The reports, singly or in pages: a page is taken as one item, which spares an await per
   * report (an async iteration step costs several promises each; the database pages anyway).
   */
  rows: AsyncIterable<LedgerRow | readonly LedgerRow[]>
  generatedAt: Date
  /**
   * Units to list in 单位汇总 even when they reported nothing (with zeros), so the ledger
   * shows who has not reported. Units that appear only in rows are listed as well.
   */
  units?: Iterable<LedgerUnit>
  /**
   * Where the photos lie beside the workbook (`photos` in the photo download's zip): a 照片
   * sheet then links each kept photo by its relative path. Streaming, exceljs cannot embed images.
   */
  photoFolder?: string
}

export interface WorkbookResult {
  /** Report rows written to 明细. */
  rows: number
  /** Units listed in 单位汇总, not counting the 合计 row. */
  units: number
}

export const SHEET_NAMES = ['明细', '单位汇总', '主题汇总', '节点汇总'] as const
/** The sheet of photo links, written only with `photoFolder`. */
export const PHOTO_SHEET = '照片'
export const NO_KEY_DATE = '（无节点）'
export const NO_THEME = '（无主题）'
export const TOTAL_LABEL = '合计'

/** Rows above the data on every sheet: the title row, then the header row. */
export const HEADER_ROW = 2

const SOURCE_LABELS: Record<string, string> = { line: '单行', paragraph: '整段', dialogue: '对话' }

const DATE_FORMAT = 'yyyy-mm-dd'
const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm'
const COUNT_FORMAT = '#,##0'
/** Excel refuses cells longer than this. */
const MAX_CELL_TEXT = 32_767
const OFFSET_MS = 8 * 3600_000
/** Check this often whether compression and the file are keeping up with the rows. */
const DRAIN_EVERY = 256
/** Bytes of sheet XML allowed to wait for compression before writing pauses. */
const MAX_BACKLOG = 1 << 20

/** `link`: a relative path, shown as its file name and opened on a click. */
type Kind = 'int' | 'text' | 'date' | 'datetime' | 'link'

interface Column {
  header: string
  width: number
  kind: Kind
}

const DETAIL_COLUMNS: Column[] = [
  { header: '编号', width: 8, kind: 'int' },
  { header: '单位', width: 24, kind: 'text' },
  { header: '单位类型', width: 10, kind: 'text' },
  { header: '活动名称', width: 36, kind: 'text' },
  { header: '活动日期', width: 12, kind: 'date' },
  { header: '地点', width: 24, kind: 'text' },
  { header: '参与人次', width: 10, kind: 'int' },
  { header: '资料份数', width: 10, kind: 'int' },
  { header: '主题', width: 14, kind: 'text' },
  { header: '形式', width: 12, kind: 'text' },
  { header: '重要节点', width: 22, kind: 'text' },
  { header: '照片', width: 40, kind: 'text' },
  { header: '来源', width: 8, kind: 'text' },
  { header: '报送人', width: 20, kind: 'text' },
  { header: '报送时间', width: 17, kind: 'datetime' },
  { header: '修改时间', width: 17, kind: 'datetime' },
]

const UNIT_COLUMNS: Column[] = [
  { header: '单位', width: 28, kind: 'text' },
  { header: '类型', width: 12, kind: 'text' },
  { header: '场次', width: 10, kind: 'int' },
  { header: '参与人次', width: 12, kind: 'int' },
  { header: '资料份数', width: 12, kind: 'int' },
  { header: '最近活动日期', width: 14, kind: 'date' },
]

const THEME_COLUMNS: Column[] = [
  { header: '主题', width: 20, kind: 'text' },
  { header: '场次', width: 10, kind: 'int' },
  { header: '人次', width: 12, kind: 'int' },
  { header: '份数', width: 12, kind: 'int' },
]

const KEY_DATE_COLUMNS: Column[] = [
  { header: '重要节点', width: 30, kind: 'text' },
  { header: '场次', width: 10, kind: 'int' },
  { header: '人次', width: 12, kind: 'int' },
  { header: '份数', width: 12, kind: 'int' },
]

const PHOTO_COLUMNS: Column[] = [
  { header: '编号', width: 8, kind: 'int' },
  { header: '单位', width: 24, kind: 'text' },
  { header: '活动名称', width: 36, kind: 'text' },
  { header: '活动日期', width: 12, kind: 'date' },
  { header: '照片', width: 48, kind: 'link' },
]

type Cell = string | number | Date | null

interface Tally {
  count: number
  participants: number
  materials: number
}

interface UnitTally extends Tally {
  kind: string
  /** Latest Shanghai date on which the unit submitted a report, `YYYY-MM-DD`. */
  lastReported: string
}

const collator = new Intl.Collator('zh-Hans-CN')

/** Most reports first, then by name in Chinese (pinyin) order. */
function compareTallies(a: [string, Tally], b: [string, Tally]): number {
  return b[1].count - a[1].count || collator.compare(a[0], b[0]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)
}

/**
 * Writes the ledger workbook for `input` to `path`, replacing any file there. The file
 * appears only once it is complete: it is written next to `path` and renamed into place,
 * and nothing is left behind when the rows or the disk fail.
 */
export async function writeLedgerWorkbook(path: string, input: WorkbookInput): Promise<WorkbookResult> {
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`
  // Readable by the bot's own user only: the ledger names people.
  const file = createWriteStream(temp, { mode: 0o600 })
  // Once the file fails, exceljs's pipeline stops draining; everything that waits on it races this.
  const failed = new Promise<never>((_, reject) => file.on('error', reject))
  failed.catch(() => {})
  try {
    await Promise.race([once(file, 'open'), failed])
    const result = await writeTo(file, input, failed)
    if (!file.closed) await Promise.race([once(file, 'close'), failed])
    await fsp.rename(temp, path)
    return result
  } catch (error) {
    file.destroy()
    await fsp.rm(temp, { force: true })
    throw error
  }
}

async function writeTo(file: Writable, input: WorkbookInput, failed: Promise<never>): Promise<WorkbookResult> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: file, useSharedStrings: false, useStyles: true })
  const generated = `${formatShanghai(input.generatedAt)}（北京时间）`
  workbook.creator = '普法工作群机器人'
  workbook.lastModifiedBy = '普法工作群机器人'
  workbook.title = input.title
  workbook.subject = `${input.title}，生成于 ${generated}`
  workbook.created = input.generatedAt
  workbook.modified = input.generatedAt
  const titleText = `${input.title}　生成时间：${generated}`

  const units = new Map<string, UnitTally>()
  for (const unit of input.units ?? []) {
    if (!units.has(unit.name)) units.set(unit.name, { kind: unit.kind, count: 0, participants: 0, materials: 0, lastReported: '' })
  }
  const themes = new Map<string, Tally>()
  const keyDates = new Map<string, Tally>()
  // One row per kept photo, written after the detail: a streamed workbook writes one sheet at a time.
  const photos: Cell[][] = []

  // ───── 明细, streamed ─────
  const detail = openSheet(workbook, SHEET_NAMES[0], titleText, DETAIL_COLUMNS, true)
  let written = 0
  const write = (row: LedgerRow) => {
    const participants = toCount(row.participants)
    const materials = toCount(row.materials)
    // Parsed once: the cell and the unit's latest date both need it.
    const date = parseDate(row.date)
    addRow(detail, DETAIL_COLUMNS, [
      row.id,
      row.unit,
      row.unitKind,
      row.title,
      date ? excelDay(date) : row.date,
      row.place,
      participants,
      materials,
      row.theme,
      row.form,
      row.keyDate,
      photoCell(row),
      SOURCE_LABELS[row.source] ?? row.source,
      row.createdBy,
      shanghaiWallClock(row.createdAt),
      shanghaiWallClock(row.updatedAt),
    ])
    written++

    let unit = units.get(row.unit)
    if (!unit) units.set(row.unit, unit = { kind: row.unitKind, count: 0, participants: 0, materials: 0, lastReported: '' })
    if (!unit.kind) unit.kind = row.unitKind
    tally(unit, participants, materials)
    // The latest activity date, as 台账 shows it in chat.
    if (date === row.date && row.date > unit.lastReported) unit.lastReported = row.date
    tally(tallyFor(themes, row.theme || NO_THEME), participants, materials)
    tally(tallyFor(keyDates, row.keyDate || NO_KEY_DATE), participants, materials)
    if (input.photoFolder && !validDate(row.photosExpiredAt)) {
      for (const name of row.photos ?? []) photos.push([row.id, row.unit, row.title, row.date, `${input.photoFolder}/${name}`])
    }
  }
  for await (const item of input.rows) {
    for (const row of isPage(item) ? item : [item]) {
      write(row)
      if (written % DRAIN_EVERY === 0) await drain(detail, failed)
    }
  }
  detail.commit()

  // ───── summaries, from the maps ─────
  const unitSheet = openSheet(workbook, SHEET_NAMES[1], titleText, UNIT_COLUMNS, false)
  const unitTotal: Tally = { count: 0, participants: 0, materials: 0 }
  let lastReported = ''
  for (const [name, unit] of [...units].sort(compareTallies)) {
    addRow(unitSheet, UNIT_COLUMNS, [name, unit.kind, unit.count, unit.participants, unit.materials, unit.lastReported])
    tally(unitTotal, unit.participants, unit.materials, unit.count)
    if (unit.lastReported > lastReported) lastReported = unit.lastReported
  }
  addRow(unitSheet, UNIT_COLUMNS, [TOTAL_LABEL, '', unitTotal.count, unitTotal.participants, unitTotal.materials, lastReported], true)
  unitSheet.commit()

  writeTallySheet(workbook, SHEET_NAMES[2], titleText, THEME_COLUMNS, themes, NO_THEME)
  writeTallySheet(workbook, SHEET_NAMES[3], titleText, KEY_DATE_COLUMNS, keyDates, NO_KEY_DATE)
  if (input.photoFolder) {
    const sheet = openSheet(workbook, PHOTO_SHEET, titleText, PHOTO_COLUMNS, false)
    for (const values of photos) addRow(sheet, PHOTO_COLUMNS, values)
    sheet.commit()
  }

  await Promise.race([workbook.commit(), failed])
  return { rows: written, units: units.size }
}

/**
 * Waits while too much of the sheet is waiting to be compressed. exceljs's streaming writer
 * ignores backpressure: each committed row is pushed into the zip entry's input stream at
 * once, so rows that come faster than zlib and the disk take them (a fast database, or any
 * in-memory source) pile up there, and memory would grow with the number of rows.
 *
 * The entry's input is only reachable through exceljs internals (the sheet's StreamBuf and
 * the stream it pipes to); if they are not where exceljs 4 keeps them, fall back to giving
 * the event loop a turn.
 */
async function drain(sheet: ExcelJS.Worksheet, failed: Promise<never>) {
  const target = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes?.[0] as
    | (NodeJS.EventEmitter & { _writableState?: { length?: number } })
    | undefined
  const backlog = target?._writableState?.length
  if (target && typeof backlog === 'number') {
    if (backlog > MAX_BACKLOG) await Promise.race([once(target, 'drain'), failed])
  } else {
    await new Promise((resolve) => setImmediate(resolve))
  }
}

function writeTallySheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, titleText: string,
  columns: Column[], tallies: Map<string, Tally>, none: string,
) {
  const sheet = openSheet(workbook, name, titleText, columns, false)
  const total: Tally = { count: 0, participants: 0, materials: 0 }
  // The placeholder for reports without a theme or key date goes last, whatever its count.
  const entries = [...tallies].filter(([key]) => key !== none).sort(compareTallies)
  const missing = tallies.get(none)
  if (missing) entries.push([none, missing])
  for (const [key, t] of entries) {
    addRow(sheet, columns, [key, t.count, t.participants, t.materials])
    tally(total, t.participants, t.materials, t.count)
  }
  addRow(sheet, columns, [TOTAL_LABEL, total.count, total.participants, total.materials], true)
  sheet.commit()
}

function openSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, titleText: string,
  columns: Column[], filter: boolean,
): ExcelJS.Worksheet {
  const lastColumn = columnLetter(columns.length)
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW, activeCell: `A${HEADER_ROW + 1}` }],
    pageSetup: {
      orientation: columns.length > 8 ? 'landscape' : 'portrait',
      paperSize: 9, // A4
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `1:${HEADER_ROW}`,
    },
    ...(filter ? { autoFilter: `A${HEADER_ROW}:${lastColumn}${HEADER_ROW}` } : {}),
  })
  // Column widths and formats must be set before the first row is committed.
  sheet.columns = columns.map((column) => ({ width: column.width, style: columnStyle(column.kind) }))

  const title = sheet.getRow(1)
  title.getCell(1).value = titleText
  title.getCell(1).font = { bold: true, size: 14 }
  title.getCell(1).alignment = { vertical: 'middle' }
  title.height = 24
  sheet.mergeCells(1, 1, 1, columns.length)
  title.commit()

  const header = sheet.getRow(HEADER_ROW)
  columns.forEach((column, index) => {
    const cell = header.getCell(index + 1)
    cell.value = column.header
    cell.font = { bold: true }
    cell.alignment = { horizontal: 'center', vertical: 'middle' }
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } }
    cell.border = { bottom: { style: 'thin' } }
  })
  header.commit()
  return sheet
}

/**
 * The style of every data row (none of its own; the cells carry theirs), one object for all:
 * exceljs registers a row's style on commit, and a new object each row cost a registration
 * (rendering it to XML to look it up) per row.
 */
const ROW_STYLE: Partial<ExcelJS.Style> = {}

function addRow(sheet: ExcelJS.Worksheet, columns: Column[], values: Cell[], total = false) {
  const row = sheet.addRow([])
  // Row.style is in exceljs's model but not in its typings.
  ;(row as unknown as { style: Partial<ExcelJS.Style> }).style = ROW_STYLE
  columns.forEach((column, index) => {
    const value = toCellValue(values[index], column.kind)
    if (value === null) return
    const cell = row.getCell(index + 1)
    cell.value = column.kind === 'link' && typeof value === 'string' ? { text: value.split('/').pop()!, hyperlink: value } : value
    const styles = stylesOf(column)
    cell.style = total ? styles.total : styles.plain
  })
  row.commit()
}

function columnStyle(kind: Kind): Partial<ExcelJS.Style> {
  switch (kind) {
    case 'int': return { numFmt: COUNT_FORMAT }
    case 'date': return { numFmt: DATE_FORMAT }
    case 'datetime': return { numFmt: DATE_TIME_FORMAT }
    default: return {}
  }
}

/**
 * One style object per column, and one for its 合计 cell, shared by all their cells and
 * never changed: exceljs registers a style once per object, so a style made per cell cost
 * a registration (rendering and hashing it) per cell, a quarter of a large export.
 */
const sharedStyles = new WeakMap<Column, { plain: Partial<ExcelJS.Style>; total: Partial<ExcelJS.Style> }>()

function stylesOf(column: Column) {
  let styles = sharedStyles.get(column)
  if (!styles) {
    const plain = columnStyle(column.kind)
    styles = { plain, total: { ...plain, font: { bold: true }, border: { top: { style: 'thin' } } } }
    sharedStyles.set(column, styles)
  }
  return styles
}

function toCellValue(value: Cell | undefined, kind: Kind): string | number | Date | null {
  if (value === null || value === undefined || value === '') return null
  if (kind === 'date' && typeof value === 'string') {
    const date = parseDate(value)
    if (date) return excelDay(date)
    // Never drop what the database holds: an unreadable date stays as its text.
  }
  if (typeof value === 'string') return value.length > MAX_CELL_TEXT ? value.slice(0, MAX_CELL_TEXT) : value
  return value
}

/** A calendar date as the Excel serial of that day; exceljs converts through UTC. */
function excelDay(date: LocalDate): Date {
  // A parsed date is always `YYYY-MM-DD`: read by position, once per row of a large export.
  return new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))))
}

function isPage(item: LedgerRow | readonly LedgerRow[]): item is readonly LedgerRow[] {
  return Array.isArray(item)
}

/** An instant as a Date whose UTC fields are its Shanghai wall clock, for exceljs's UTC-based date serials. */
function shanghaiWallClock(instant: Date | null | undefined): Date | null {
  if (!validDate(instant)) return null
  // Whole minutes, as the format shows them.
  return new Date(Math.floor((instant.getTime() + OFFSET_MS) / 60_000) * 60_000)
}

/** The photo file names, or that they were deleted once past their keeping period. */
function photoCell(row: LedgerRow): string {
  const names = (row.photos ?? []).join('、')
  if (!names || !validDate(row.photosExpiredAt)) return names
  return `（已于 ${shanghaiDate(row.photosExpiredAt)} 过保存期限删除）${names}`
}

function validDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime())
}

function toCount(value: unknown): number {
  const n = Number(value)
  return Number.isFinite(n) ? n : 0
}

function tallyFor(map: Map<string, Tally>, key: string): Tally {
  let t = map.get(key)
  if (!t) map.set(key, t = { count: 0, participants: 0, materials: 0 })
  return t
}

function tally(t: Tally, participants: number, materials: number, count = 1) {
  t.count += count
  t.participants += participants
  t.materials += materials
}

function columnLetter(n: number): string {
  let letters = ''
  for (; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters
  return letters
}
