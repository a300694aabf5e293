/**
 * The ledger's running totals are kept per unit for each calendar year, quarter and month
 * a report falls in, under keys `2026`, `2026Q4` and `2026-12`. A period made of whole
 * months (本月, 本季度, 今年, 2025-03~2026-10 …) is then read from a handful of keys
 * instead of every report in it; any other period (a week, a key date's window) is not
 * covered and is counted from the reports themselves.
 */
import { dateParts, daysInMonth, formatDate, LocalDate } from '../time/local-date'

export type RollupKey = string

const pad = (month: number) => String(month).padStart(2, '0')
const yearKey = (year: number) => String(year)
const quarterKey = (year: number, quarter: number) => `${year}Q${quarter}`
const monthKey = (year: number, month: number) => `${year}-${pad(month)}`

/** The three keys a report dated `date` counts under: its year, quarter and month. */
export function rollupKeys(date: LocalDate): RollupKey[] {
  const { year, month } = dateParts(date)
  return [yearKey(year), quarterKey(year, Math.ceil(month / 3)), monthKey(year, month)]
}

/** The inclusive date range a key stands for. */
export function keyRange(key: RollupKey): { from: LocalDate; to: LocalDate } {
  const year = Number(key.slice(0, 4))
  const [first, last] = key.length === 4 ? [1, 12]
    : key[4] === 'Q' ? [Number(key[5]) * 3 - 2, Number(key[5]) * 3]
      : [Number(key.slice(5)), Number(key.slice(5))]
  return { from: formatDate(year, first, 1), to: formatDate(year, last, daysInMonth(year, last)) }
}

/**
 * The fewest keys whose ranges exactly tile [from, to] (whole years, then whole quarters,
 * then months), or undefined when the period does not start on a 1st and end on a month's
 * last day.
 */
export function coveringKeys(from: LocalDate, to: LocalDate): RollupKey[] | undefined {
  const start = dateParts(from), end = dateParts(to)
  if (from > to || start.day !== 1 || end.day !== daysInMonth(end.year, end.month)) return
  const keys: RollupKey[] = []
  let index = start.year * 12 + start.month - 1
  const last = end.year * 12 + end.month - 1
  while (index <= last) {
    const year = Math.floor(index / 12), month = index % 12 + 1
    if (month === 1 && index + 11 <= last) {
      keys.push(yearKey(year))
      index += 12
    } else if (month % 3 === 1 && index + 2 <= last) {
      keys.push(quarterKey(year, (month + 2) / 3))
      index += 3
    } else {
      keys.push(monthKey(year, month))
      index += 1
    }
  }
  return keys
}
