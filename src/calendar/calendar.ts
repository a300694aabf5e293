import { addDays, dateParts, daysInMonth, diffDays, formatDate, LocalDate, nthWeekday } from '../time/local-date'
import { CalendarEntry } from './schema'

/** One year's window of a calendar entry. */
export interface Occurrence {
  entry: CalendarEntry
  start: LocalDate
  end: LocalDate
  /** The dates are announced each year and this year's have not been entered. */
  estimated: boolean
}

function monthDayOf(year: number, monthDay: string): LocalDate | undefined {
  const [month, day] = monthDay.split('-').map(Number)
  if (day > daysInMonth(year, month)) return
  return formatDate(year, month, day)
}

export class Calendar {
  private byId = new Map<string, CalendarEntry>()

  constructor(public readonly entries: CalendarEntry[]) {
    for (const entry of entries) this.byId.set(entry.id, entry)
  }

  get(id: string) {
    return this.byId.get(id)
  }

  /** The entry's window in a year, or undefined before it was first observed. */
  occurrence(entry: CalendarEntry, year: number): Occurrence | undefined {
    if (entry.since && year < entry.since) return
    const announced = entry.years[String(year)]
    if (announced) {
      const [start, end] = announced.map(md => monthDayOf(year, md))
      if (start && end) return { entry, start, end, estimated: false }
    }
    const estimated = entry.announced
    const when = entry.when
    if ('day' in when) {
      const date = monthDayOf(year, when.day)
      return date ? { entry, start: date, end: date, estimated } : undefined
    }
    if ('range' in when) {
      const [start, end] = when.range.map(md => monthDayOf(year, md))
      return start && end ? { entry, start, end, estimated } : undefined
    }
    if ('month' in when) {
      return {
        entry,
        start: formatDate(year, when.month, 1),
        end: formatDate(year, when.month, daysInMonth(year, when.month)),
        estimated,
      }
    }
    const { month, weekday, nth, days } = when.rule
    const start = nthWeekday(year, month, weekday % 7, nth)
    return { entry, start, end: addDays(start, days - 1), estimated }
  }

  /** Windows of every entry in the given years, sorted by start date. */
  occurrences(years: number[]): Occurrence[] {
    const result: Occurrence[] = []
    for (const year of years) {
      for (const entry of this.entries) {
        const occurrence = this.occurrence(entry, year)
        if (occurrence) result.push(occurrence)
      }
    }
    return result.sort((a, b) => a.start.localeCompare(b.start) || length(a) - length(b))
  }

  /** Windows that contain the date, the most specific (shortest) first. */
  on(date: LocalDate): Occurrence[] {
    const { year } = dateParts(date)
    return this.occurrences([year]).filter(o => o.start <= date && date <= o.end)
      .sort((a, b) => length(a) - length(b))
  }

  /** Windows overlapping [from, until], by start date. */
  between(from: LocalDate, until: LocalDate): Occurrence[] {
    const first = dateParts(from).year, last = dateParts(until).year
    const years: number[] = []
    for (let year = first; year <= last; year++) years.push(year)
    return this.occurrences(years).filter(o => o.end >= from && o.start <= until)
  }
}

/** Days in a window; 1 for a single day. */
export function length(occurrence: Occurrence): number {
  return diffDays(occurrence.start, occurrence.end) + 1
}
