import { addDays, LocalDate } from '../time/local-date'
import { DutyProgress, dueDate } from './progress'
import { Duty, DutyYear } from './schema'

/**
 * When 提示函 and 督办函 are due. A 提示函 goes `noticeOffsets` days before a duty's deadline
 * while the duty is unfinished; a 督办函 goes the day after each checkpoint (MM-DD) to
 * units behind schedule as the checkpoint ends.
 */
export interface LetterRules {
  noticeOffsets: number[]
  checkpoints: string[]
}

function allDuties(list: DutyYear): Duty[] {
  return [...list.duties, ...Object.values(list.units).flat()]
}

/** The lists with a duty whose 提示函 day is `today` (a deadline early next year is noticed this year). */
export function listsWithNotices(years: DutyYear[], today: LocalDate, offsets: number[]): DutyYear[] {
  return years.filter(list => allDuties(list).some(duty => offsets.some(days => addDays(dueDate(list.year, duty), -days) === today)))
}

/** A unit's unfinished duties whose 提示函 goes out `today`. */
export function noticeDuties(progress: DutyProgress[], today: LocalDate, offsets: number[]): DutyProgress[] {
  return progress.filter(p => p.state !== 'done' && offsets.some(days => addDays(p.due, -days) === today))
}

/** The checkpoint that ended yesterday, whose 督办函 go out `today`. */
export function checkpointEnded(today: LocalDate, checkpoints: string[]): LocalDate | undefined {
  const yesterday = addDays(today, -1)
  return checkpoints.includes(yesterday.slice(5)) ? yesterday : undefined
}

/**
 * What a 督办函 names: measured duties behind their share of the target or past their
 * deadline unmet, and plain duties past their deadline unmarked. A duty counted in a key
 * date's window is not chased for its share before its deadline: its activities belong
 * in that window, however far the year has gone.
 */
export function overdueDuties(progress: DutyProgress[]): DutyProgress[] {
  return progress.filter(p => p.state === 'overdue' || (p.state === 'behind' && !p.duty.measure?.keyDate))
}
