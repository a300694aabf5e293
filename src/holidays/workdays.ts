import data from 'chinese-days/dist/chinese-days.json'
import { addDays, LocalDate, weekday } from '../time/local-date'
import { HolidaySchedule } from './schedule'

/** Years for which the package has the State Council's holiday and 调休 schedule. */
const knownYears = new Set(Object.keys(data.holidays).map(date => date.slice(0, 4)))

export interface WorkdayAnswer {
  workday: boolean
  /** False when the year's schedule is not published in the package yet: only weekends are known. */
  known: boolean
}

const NONE = new HolidaySchedule()

/**
 * Whether a date is a working day in mainland China: weekends and statutory holidays are
 * off, 调休 weekend days are working days. A year in the deployer's `config/holidays.yml`
 * (`schedule`) is taken from there, ahead of the package. For a year neither covers, the
 * answer falls back to Monday–Friday and says so, so callers can tell the admins.
 */
export function workdayOf(date: LocalDate, schedule: HolidaySchedule = NONE): WorkdayAnswer {
  const day = weekday(date)
  const weekend = day === 0 || day === 6
  if (schedule.covers(date)) {
    return { workday: schedule.isAdjustedWorkday(date) || (!weekend && !schedule.isHoliday(date)), known: true }
  }
  if (!knownYears.has(date.slice(0, 4))) return { workday: !weekend, known: false }
  // Not the package's isWorkday: it takes the weekday in the server's time zone, a day early west of UTC.
  return { workday: date in data.workdays || (!weekend && !(date in data.holidays)), known: true }
}

/** The latest working day on or before the date (looks back at most two weeks). */
export function workdayOnOrBefore(date: LocalDate, schedule: HolidaySchedule = NONE): LocalDate {
  for (let back = 0; back < 14; back++) {
    const candidate = addDays(date, -back)
    if (workdayOf(candidate, schedule).workday) return candidate
  }
  return date
}
