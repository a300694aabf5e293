import { addDays, dateParts, daysInMonth, diffDays, formatDate, LocalDate, nthWeekday, weekday as dayOfWeek } from '../time/local-date'
import { CalendarEntry } from './schema'

/** One year's window of a calendar entry. */
export interface Occurrence {
  entry: CalendarEntry
  start: LocalDate
  end: LocalDate
  /** The dates are announced each year and this year's have not been entered. */
  estimated: boolean
  /** Days in the window; 1 for a single day. */
  days: number
}

function monthDayOf(year: number, monthDay: string): LocalDate | undefined {
  const [month, day] = monthDay.split('-').map(Number)
  if (day > daysInMonth(year, month)) return
  return formatDate(year, month, day)
}

export class Calendar {
  private byId = new Map<string, CalendarEntry>()
  /** The entries are fixed once loaded, so each year's windows are too. */
  private byYear = new Map<number, Occurrence[]>()

  constructor(public readonly entries: CalendarEntry[]) {
    for (const entry of entries) this.byId.set(entry.id, entry)
  }

  get(id: string) {
    return this.byId.get(id)
  }

  /** The entry's window in a year, or undefined before it was first observed. */
  occurrence(entry: CalendarEntry, year: number): Occurrence | undefined {
    if (entry.since && year < entry.since) return
    const window = this.window(entry, year)
    if (!window) return
    const [start, end, estimated] = window
    return { entry, start, end, estimated, days: diffDays(start, end) + 1 }
  }

  private window(entry: CalendarEntry, year: number): [LocalDate, LocalDate, boolean] | undefined {
    const announced = entry.years[String(year)]
    if (announced) {
      const [start, end] = announced.map(md => monthDayOf(year, md))
      if (start && end) return [start, end, false]
    }
    const estimated = entry.announced
    const when = entry.when
    if ('day' in when) {
      const date = monthDayOf(year, when.day)
      return date ? [date, date, estimated] : undefined
    }
    if ('range' in when) {
      const [start, end] = when.range.map(md => monthDayOf(year, md))
      return start && end ? [start, end, estimated] : undefined
    }
    if ('month' in when) {
      return [formatDate(year, when.month, 1), formatDate(year, when.month, daysInMonth(year, when.month)), estimated]
    }
    if ('weekOf' in when) {
      const day = monthDayOf(year, when.weekOf)
      if (!day) return
      const monday = addDays(day, -((dayOfWeek(day) + 6) % 7))
      return [monday, addDays(monday, 6), estimated]
    }
    const { month, weekday, nth, days } = when.rule
    const start = nthWeekday(year, month, weekday % 7, nth)
    // A fifth weekday that the month does not have: no such day this year.
    if (dateParts(start).month !== month) return
    return [start, addDays(start, days - 1), estimated]
  }

  /** Windows of every entry in a year, sorted by start date (computed once per year). */
  private year(year: number): Occurrence[] {
    let result = this.byYear.get(year)
    if (!result) {
      result = this.entries.flatMap(entry => this.occurrence(entry, year) ?? [])
        .sort((a, b) => a.start.localeCompare(b.start) || a.days - b.days)
      this.byYear.set(year, result)
    }
    return result
  }

  /** Windows of every entry in the given years, sorted by start date. */
  occurrences(years: number[]): Occurrence[] {
    return years.flatMap(year => this.year(year))
  }

  /** Windows that contain the date, the most specific (shortest) first. */
  on(date: LocalDate): Occurrence[] {
    return this.year(dateParts(date).year).filter(o => o.start <= date && date <= o.end)
      .sort((a, b) => a.days - b.days)
  }

  /** Windows overlapping [from, until], by start date. */
  between(from: LocalDate, until: LocalDate): Occurrence[] {
    const first = dateParts(from).year, last = dateParts(until).year
    const years: number[] = []
    for (let year = first; year <= last; year++) years.push(year)
    return this.occurrences(years).filter(o => o.end >= from && o.start <= until)
  }
}
