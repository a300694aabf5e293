/**
 * Ledger periods: what an admin types to choose the reports to list (本月, 上季度, 2026年12月,
 * 2026-12-01~12-07, 宪法宣传周 2025 …), read as an inclusive date range.
 *
 * Pure and free of wording, like src/reports/fields.ts: a problem is a stable code plus
 * parameters, and the plugin phrases it. Everything is computed from `today` with the
 * LocalDate helpers, so the answer never depends on the server's time zone.
 */
import { Calendar } from '../calendar/calendar'
import { CalendarEntry } from '../calendar/schema'
import { suggest } from '../content/library'
import { normalizeText } from '../reports/fields'
import { addDays, dateParts, daysInMonth, formatDate, LocalDate, parseDate, weekday } from '../time/local-date'

export interface Period {
  from: LocalDate
  /** Inclusive, and may be after today (本月 runs to the month's end): callers clamp if they need to. */
  to: LocalDate
  /** Short and neutral, for headings and file names: 2026年12月, 2026年第四季度, 宪法宣传周（2026-12-01~12-07）. */
  label: string
  /** The calendar entry id when the period is a key date's window. */
  keyDate?: string
}

export type PeriodProblemCode = 'period-unknown' | 'period-invalid' | 'period-future' | 'period-reversed' | 'period-out-of-range'

/**
 * Every problem carries `input` (the text as normalized). period-unknown may add `suggestion`
 * (a key-date name), period-future adds `from`, period-reversed adds `from` and `to`,
 * period-out-of-range adds `min` and `max` (see periodBounds).
 */
export interface PeriodProblem {
  code: PeriodProblemCode
  params?: Record<string, string>
}

export type ParsedPeriod = { ok: true; period: Period } | { ok: false; problem: PeriodProblem }

/** A form matched: either a period still to be checked against today, or a date that does not exist. */
type Reading = Period | 'invalid'

type Reader = (compact: string, today: LocalDate, calendar: Calendar) => Reading | undefined

// ───────────── periods ─────────────

const QUARTER_NAMES = ['一', '二', '三', '四']

function yearPeriod(year: number): Period {
  return { from: formatDate(year, 1, 1), to: formatDate(year, 12, 31), label: `${year}年` }
}

function monthPeriod(year: number, month: number): Period {
  return { from: formatDate(year, month, 1), to: formatDate(year, month, daysInMonth(year, month)), label: `${year}年${month}月` }
}

function quarterPeriod(year: number, quarter: number): Period {
  const last = quarter * 3
  return {
    from: formatDate(year, last - 2, 1),
    to: formatDate(year, last, daysInMonth(year, last)),
    label: `${year}年第${QUARTER_NAMES[quarter - 1]}季度`,
  }
}

/** 2026-12-04, 2026-12-01~12-07, or 2026-12-28~2027-01-03 across a new year. */
function rangeLabel(from: LocalDate, to: LocalDate): string {
  if (from === to) return from
  return dateParts(from).year === dateParts(to).year ? `${from}~${to.slice(5)}` : `${from}~${to}`
}

function rangePeriod(from: LocalDate, to: LocalDate): Period {
  return { from, to, label: rangeLabel(from, to) }
}

function keyDatePeriod(calendar: Calendar, entry: CalendarEntry, year: number): Period | undefined {
  const occurrence = calendar.occurrence(entry, year)
  if (!occurrence) return
  const { start, end } = occurrence
  return { from: start, to: end, label: `${entry.name}（${rangeLabel(start, end)}）`, keyDate: entry.id }
}

// ───────────── relative to today ─────────────

/** The month `offset` months after today's (negative for earlier ones). */
function monthFrom(today: LocalDate, offset: number): Period {
  const { year, month } = dateParts(today)
  const index = year * 12 + (month - 1) + offset
  return monthPeriod(Math.floor(index / 12), index % 12 + 1)
}

function quarterFrom(today: LocalDate, offset: number): Period {
  const { year, month } = dateParts(today)
  const index = year * 4 + Math.floor((month - 1) / 3) + offset
  return quarterPeriod(Math.floor(index / 4), index % 4 + 1)
}

function yearFrom(today: LocalDate, offset: number): Period {
  return yearPeriod(dateParts(today).year + offset)
}

/** Weeks run Monday to Sunday, as Chinese offices count them; weekday() counts from Sunday. */
function weekFrom(today: LocalDate, offset: number): Period {
  const monday = addDays(today, -((weekday(today) + 6) % 7) + 7 * offset)
  return rangePeriod(monday, addDays(monday, 6))
}

const RELATIVE: Array<[string[], (today: LocalDate) => Period]> = [
  [['本月', '这个月', '当月'], today => monthFrom(today, 0)],
  [['上月', '上个月'], today => monthFrom(today, -1)],
  [['本季度', '本季', '这个季度'], today => quarterFrom(today, 0)],
  [['上季度', '上季', '上个季度'], today => quarterFrom(today, -1)],
  [['今年', '本年', '本年度'], today => yearFrom(today, 0)],
  [['去年', '上年', '上一年'], today => yearFrom(today, -1)],
  [['本周', '这周', '本星期'], today => weekFrom(today, 0)],
  [['上周', '上星期', '上个星期'], today => weekFrom(today, -1)],
]

/**
 * For a month or key date written without a year: this year's window if it has started,
 * else last year's. A key date first held this year and not yet reached has no earlier
 * window, so this year's is returned and fails as future.
 */
function latestStarted(today: LocalDate, inYear: (year: number) => Period | undefined): Reading {
  const { year } = dateParts(today)
  const current = inYear(year)
  if (current && current.from <= today) return current
  return inYear(year - 1) ?? current ?? 'invalid'
}

// ───────────── forms ─────────────

const isMonth = (month: number) => month >= 1 && month <= 12

function readRelative(compact: string, today: LocalDate): Reading | undefined {
  return RELATIVE.find(([words]) => words.includes(compact))?.[1](today)
}

/** 2026, 2026年, 2026年度. */
function readYear(compact: string): Reading | undefined {
  const match = /^(\d{4})(?:年度?)?$/.exec(compact)
  if (match) return yearPeriod(Number(match[1]))
}

/** 2026-12, 2026.12, 2026/12, 2026年12月, 2026年12月份. */
function readMonth(compact: string): Reading | undefined {
  const match = /^(\d{4})(?:[-./](\d{1,2})|年(\d{1,2})月份?)$/.exec(compact)
  if (!match) return
  const month = Number(match[2] ?? match[3])
  return isMonth(month) ? monthPeriod(Number(match[1]), month) : 'invalid'
}

/** 2026Q4, 2026-Q4, 2026年Q4, 2026年第四季度, 2026年四季度, 2026年第4季 (the text is lower-cased). */
function readQuarter(compact: string): Reading | undefined {
  const match = /^(\d{4})(?:[-年]?q(\d)|年第?([\d一二三四])季度?)$/.exec(compact)
  if (!match) return
  const written = match[2] ?? match[3]
  const quarter = /\d/.test(written) ? Number(written) : QUARTER_NAMES.indexOf(written) + 1
  return quarter >= 1 && quarter <= 4 ? quarterPeriod(Number(match[1]), quarter) : 'invalid'
}

/** 12月, 12月份: the latest such month that has started. */
function readYearlessMonth(compact: string, today: LocalDate): Reading | undefined {
  const match = /^(\d{1,2})月份?$/.exec(compact)
  if (!match) return
  const month = Number(match[1])
  return isMonth(month) ? latestStarted(today, year => monthPeriod(year, month)) : 'invalid'
}

// A date's numbers are, in order, its year (when written), month and day.
const FULL_DATE = String.raw`\d{4}(?:-\d{1,2}-\d{1,2}|\.\d{1,2}\.\d{1,2}|/\d{1,2}/\d{1,2}|年\d{1,2}月\d{1,2}[日号]?)`
const MONTH_DAY = String.raw`\d{1,2}月\d{1,2}[日号]?`
// 12-07 only ends a range (2026-12-01~12-07, as labels write it): alone, 1-10 could as well be months.
const NUMERIC_MONTH_DAY = String.raw`\d{1,2}[-./]\d{1,2}`

const DAY = new RegExp(`^(?:${FULL_DATE}|${MONTH_DAY})$`)
const RANGE = new RegExp(`^(${FULL_DATE}|${MONTH_DAY})(?:~|至|到|—+)(${FULL_DATE}|${MONTH_DAY}|${NUMERIC_MONTH_DAY})$`)
// '-' also writes a month (2026-12), so it only separates two dates that both have their year.
const DASH_RANGE = new RegExp(`^(${FULL_DATE})-(${FULL_DATE})$`)

/** A date matched by the patterns above, in `year` when it has none; undefined when it does not exist. */
function dateOf(text: string, year: number): LocalDate | undefined {
  const numbers = text.match(/\d+/g)!.map(Number)
  const [y, month, day] = numbers.length === 3 ? numbers : [year, ...numbers]
  return parseDate(formatDate(y, month, day))
}

/** Two dates: a start without a year is in the current year, an end without one in the start's. */
function readRange(compact: string, today: LocalDate): Reading | undefined {
  const match = RANGE.exec(compact) ?? DASH_RANGE.exec(compact)
  if (!match) return
  const from = dateOf(match[1], dateParts(today).year)
  const to = from && dateOf(match[2], dateParts(from).year)
  return from && to ? rangePeriod(from, to) : 'invalid'
}

/** One day: 2026-12-04, 2026年12月4日, 12月4日 (this year). */
function readDay(compact: string, today: LocalDate): Reading | undefined {
  if (!DAY.test(compact)) return
  const date = dateOf(compact, dateParts(today).year)
  return date ? rangePeriod(date, date) : 'invalid'
}

/** The ways a text can split into a name and a year: 宪法宣传周, 2026宪法宣传周, 宪法宣传周2026年, 12·42026. */
function nameAndYear(compact: string): Array<{ name: string; year?: number }> {
  const ways: Array<{ name: string; year?: number }> = [{ name: compact }]
  const leading = /^(\d{4})年?(.+)$/.exec(compact)
  if (leading) ways.push({ name: leading[2], year: Number(leading[1]) })
  const trailing = /^(.+?)(\d{4})年?$/.exec(compact)
  if (trailing) ways.push({ name: trailing[1], year: Number(trailing[2]) })
  return ways
}

/**
 * Entries by name, label and id, written as compactForm writes input. A key written the same
 * for two entries names neither (null). Labels such as 5月 are left out: they read as the month.
 */
function keyDateIndex(calendar: Calendar): Map<string, CalendarEntry | null> {
  const index = new Map<string, CalendarEntry | null>()
  const add = (key: string, entry: CalendarEntry) => {
    index.set(key, index.has(key) && index.get(key) !== entry ? null : entry)
  }
  for (const entry of calendar.entries) {
    add(compactForm(entry.name), entry)
    add(entry.id, entry)
    const label = entry.label && compactForm(entry.label)
    if (label && !/^\d{1,2}月$/.test(label)) add(label, entry)
  }
  return index
}

/** A key date's window in the year given, or the latest one that has started. */
function readKeyDate(compact: string, today: LocalDate, calendar: Calendar): Reading | undefined {
  const index = keyDateIndex(calendar)
  for (const { name, year } of nameAndYear(compact)) {
    const entry = index.get(name)
    if (!entry) continue
    const inYear = (y: number) => keyDatePeriod(calendar, entry, y)
    return year === undefined ? latestStarted(today, inYear) : inYear(year) ?? 'invalid'
  }
}

const READERS: Reader[] = [
  readRelative, readYear, readMonth, readQuarter, readYearlessMonth, readRange, readDay, readKeyDate,
]

// ───────────── parsing ─────────────

/**
 * The text as the readers see it: normalizeText folds full-width characters, then every
 * middle dot becomes ·, and spaces, quotes and case go, as no form needs them
 * (宪法宣传周 2026, 全国“安全生产月”, 2026Q4).
 */
function compactForm(text: string): string {
  return normalizeText(text).replace(/[・•‧∙⋅]/g, '·').replace(/[\s"'“”‘’]/g, '').toLowerCase()
}

const fail = (code: PeriodProblemCode, params: Record<string, string>): ParsedPeriod => ({ ok: false, problem: { code, params } })

/** The first year a ledger can cover: before the reporting this bot serves began. */
export const FIRST_YEAR = 2000

/**
 * The dates a period may span, read on `today`: from 2000-01-01 to the end of next year.
 * Nothing is reported outside them, and a period typed as 2026-01-01~9999-12-31 would
 * otherwise make the database read thousands of keys.
 */
export function periodBounds(today: LocalDate): { min: LocalDate; max: LocalDate } {
  return { min: formatDate(FIRST_YEAR, 1, 1), max: formatDate(dateParts(today).year + 1, 12, 31) }
}

function checked(reading: Reading, input: string, today: LocalDate): ParsedPeriod {
  if (reading === 'invalid') return fail('period-invalid', { input })
  const { from, to } = reading
  if (to < from) return fail('period-reversed', { input, from, to })
  const { min, max } = periodBounds(today)
  if (from < min || to > max) return fail('period-out-of-range', { input, min, max })
  if (from > today) return fail('period-future', { input, from })
  return { ok: true, period: reading }
}

/**
 * The closest key-date name, when the text (less any year) reads like a name at all.
 * suggest() words its answer for data-file errors (“，是不是“X”？”); problems carry the bare name.
 */
function suggestion(compact: string, calendar: Calendar): string | undefined {
  const name = compact.replace(/^\d{4}年?|\d{4}年?$/g, '')
  if (!/[\p{Script=Han}a-z]/u.test(name)) return
  const names = new Map<string, string>()
  for (const entry of calendar.entries) {
    names.set(compactForm(entry.name), entry.name)
    names.set(entry.id, entry.name)
  }
  const closest = /“(.+)”/.exec(suggest(name, names.keys()))?.[1]
  return closest === undefined ? undefined : names.get(closest)
}

/**
 * The period an admin typed, read on `today` (a Shanghai date the caller supplies).
 * Empty text is this month, the default period.
 */
export function parsePeriod(text: string, today: LocalDate, calendar: Calendar): ParsedPeriod {
  const input = normalizeText(text)
  const compact = compactForm(input)
  if (!compact) return { ok: true, period: monthFrom(today, 0) }
  for (const read of READERS) {
    const reading = read(compact, today, calendar)
    if (reading) return checked(reading, input, today)
  }
  const suggested = suggestion(compact, calendar)
  return fail('period-unknown', suggested ? { input, suggestion: suggested } : { input })
}
