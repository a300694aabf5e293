import { addDays, diffDays, LocalDate, weekday } from '../time/local-date'
import { shanghaiDate, shanghaiInstant } from '../time/shanghai'
import { Question } from './question'
import { seededShuffle } from './seed'

/** When the day's question is out and when results are weekly; minutes after midnight, Asia/Shanghai. */
export interface QuizTimes {
  /** The question is pushed, and answers are taken, from this time. */
  opensAt: number
  /** Answers close and the day's results are out at this time. */
  closesAt: number
  /** Day of the weekly results, 0 = Sunday … 6 = Saturday; they cover the week before. */
  weeklyDay: number
  weeklyAt: number
}

export type QuizPhase = 'before' | 'open' | 'closed'

/** Where a date's question stands at `now`. */
export function phaseOf(times: QuizTimes, date: LocalDate, now: Date): QuizPhase {
  if (now < shanghaiInstant(date, times.opensAt)) return 'before'
  return now < shanghaiInstant(date, times.closesAt) ? 'open' : 'closed'
}

/** The latest date whose results are out at `now`. */
export function lastClosedDate(times: QuizTimes, now: Date): LocalDate {
  const today = shanghaiDate(now)
  return phaseOf(times, today, now) === 'closed' ? today : addDays(today, -1)
}

/** Monday of the week holding `date`. */
export function weekStart(date: LocalDate): LocalDate {
  return addDays(date, -((weekday(date) + 6) % 7))
}

/** The seven dates of the week starting on `monday`. */
export function weekDates(monday: LocalDate): LocalDate[] {
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i))
}

const EPOCH: LocalDate = '2026-01-05'

/**
 * The question of a date: the bank in a shuffled order, a new order each time it has been
 * gone through, so every question comes up once before any comes up again.
 */
export function questionFor(bank: Question[], date: LocalDate): Question | undefined {
  if (!bank.length) return
  const day = diffDays(EPOCH, date)
  const cycle = Math.floor(day / bank.length)
  const order = seededShuffle(bank.map(q => q.id).sort(), `cycle|${cycle}`)
  const id = order[day - cycle * bank.length]
  return bank.find(q => q.id === id)
}
