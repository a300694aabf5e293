/**
 * The calendar months a period touches, each cut to the part inside the period, so that a
 * chart of figures by month adds up to the period's total.
 */
import { dateParts, daysInMonth, formatDate, LocalDate } from '../time/local-date'

export interface MonthSlice {
  /** 2026-03 */
  month: string
  from: LocalDate
  to: LocalDate
}

export function monthSlices(from: LocalDate, to: LocalDate): MonthSlice[] {
  const slices: MonthSlice[] = []
  const start = dateParts(from), end = dateParts(to)
  for (let index = start.year * 12 + start.month - 1; index <= end.year * 12 + end.month - 1; index++) {
    const year = Math.floor(index / 12), month = index % 12 + 1
    const first = formatDate(year, month, 1), last = formatDate(year, month, daysInMonth(year, month))
    slices.push({ month: first.slice(0, 7), from: first < from ? from : first, to: last > to ? to : last })
  }
  return slices
}
