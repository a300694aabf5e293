/**
 * Calendar dates as `YYYY-MM-DD` strings. Arithmetic goes through UTC midnight so the
 * result never depends on the server's time zone.
 */
export type LocalDate = string

const DAY_MS = 86_400_000
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

export function formatDate(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** Parses a strict `YYYY-MM-DD`; returns undefined for malformed or impossible dates (2026-02-30). */
export function parseDate(text: string): LocalDate | undefined {
  const match = DATE_RE.exec(text.trim())
  if (!match) return
  const [year, month, day] = match.slice(1).map(Number)
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return
  return formatDate(year, month, day)
}

export function dateParts(date: LocalDate) {
  const [year, month, day] = date.split('-').map(Number)
  return { year, month, day }
}

function toEpochDay(date: LocalDate): number {
  const { year, month, day } = dateParts(date)
  return Date.UTC(year, month - 1, day) / DAY_MS
}

function fromEpochDay(epochDay: number): LocalDate {
  const d = new Date(epochDay * DAY_MS)
  return formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromEpochDay(toEpochDay(date) + days)
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function diffDays(from: LocalDate, to: LocalDate): number {
  return toEpochDay(to) - toEpochDay(from)
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: LocalDate): number {
  return (toEpochDay(date) % 7 + 11) % 7
}

/** The nth given weekday of a month; nth = -1 is the last one. */
export function nthWeekday(year: number, month: number, dayOfWeek: number, nth: number): LocalDate {
  if (nth > 0) {
    const first = formatDate(year, month, 1)
    const offset = (dayOfWeek - weekday(first) + 7) % 7
    return addDays(first, offset + (nth - 1) * 7)
  }
  const last = formatDate(year, month, daysInMonth(year, month))
  const offset = (weekday(last) - dayOfWeek + 7) % 7
  return addDays(last, -offset + (nth + 1) * 7)
}
