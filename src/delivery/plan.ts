import { Occurrence } from '../calendar/calendar'
import { Library } from '../content/library'
import { keyDateItems } from '../content/key-date-items'
import { KeyDateItem } from '../content/schema'
import { workdayOf, workdayOnOrBefore, WorkdayAnswer } from '../holidays/workdays'
import { QuizTimes, weekStart } from '../quiz/schedule'
import { addDays, diffDays, LocalDate, weekday } from '../time/local-date'
import { shanghaiInstant } from '../time/shanghai'

/** `quiz`: the day's question; `quiz-week`: the week before's results. */
export type SlotKind = 'tip' | 'date' | 'reminder' | 'quiz' | 'quiz-week'

/** What a group asked for when it subscribed. */
export interface PushOptions {
  /** Minutes after midnight, Asia/Shanghai. */
  time: number
  tips: boolean
  dates: boolean
  reminders: boolean
  workdays: boolean
  /** 每日一题 and its weekly results; off unless the group opted in. */
  quiz?: boolean
}

/** Every field of `PushOptions`; the compiler checks none is left out. */
const PLAN_OPTIONS: Record<keyof PushOptions, true> = { time: true, tips: true, dates: true, reminders: true, workdays: true, quiz: true }
const PLAN_OPTION_KEYS = Object.keys(PLAN_OPTIONS) as (keyof PushOptions)[]

/** A group's options as one string: groups of the same shape get the same slots on a date. */
export function optionsShape(options: PushOptions): string {
  return PLAN_OPTION_KEYS.map(key => Number(options[key] ?? 0)).join('|')
}

export interface PlanConfig {
  /** Days before a key date on which reminders go out, e.g. [7, 1]. */
  reminderOffsets: number[]
  /** Missed pushes are caught up until this time of the same day (minutes after midnight). */
  catchUpUntil: number
  /** The quiz's times, when the quiz is installed. */
  quiz?: QuizTimes
}

/**
 * A push at or after `catchUpUntil` is caught up for this long, but never past midnight:
 * an evening push missed at 21:00 may still go out at 22:30, not at 23:55.
 */
export const LATE_WINDOW_MINUTES = 120

/** End of the catch-up window of a push at `time` (minutes after midnight). */
export function catchUpEnd(time: number, catchUpUntil: number): number {
  return time < catchUpUntil ? catchUpUntil : Math.min(time + LATE_WINDOW_MINUTES, 24 * 60)
}

export interface ReminderLine {
  occurrence: Occurrence
  daysLeft: number
}

export interface PlannedSlot {
  kind: SlotKind
  /** The item's id; for the daily tip `daily` until the tip is chosen at delivery. */
  item: string
  due: Date
  /** End of the catch-up window: after this the slot is dropped, not sent late. */
  until: Date
  keyDate?: { item: KeyDateItem; occurrence: Occurrence }
  reminders?: ReminderLine[]
}

export interface DayPlan {
  date: LocalDate
  workday: WorkdayAnswer
  /** The group only wants workdays and this date is not one. */
  skipped: boolean
  slots: PlannedSlot[]
}

export const DAILY_TIP = 'daily'
/** Item of the quiz slot: the question is fixed for the date when it is first needed. */
export const DAILY_QUIZ = 'daily'

/**
 * Reminders due on a date: core key dates starting `offset` days later. A group that only
 * wants workdays gets a reminder that falls on a day off on the working day before it.
 */
export function remindersOn(library: Library, date: LocalDate, offsets: number[], workdaysOnly: boolean): ReminderLine[] {
  const horizon = Math.max(0, ...offsets) + 14
  const lines: ReminderLine[] = []
  for (const occurrence of library.calendar.between(addDays(date, 1), addDays(date, horizon))) {
    if (!occurrence.entry.core || occurrence.start <= date) continue
    const hits = offsets.some((offset) => {
      const nominal = addDays(occurrence.start, -offset)
      return (workdaysOnly ? workdayOnOrBefore(nominal, library.holidays) : nominal) === date
    })
    if (hits) lines.push({ occurrence, daysLeft: diffDays(date, occurrence.start) })
  }
  return lines
}

/**
 * Plans one date for many groups: what depends only on the date (key-date items,
 * reminders, whether it is a workday) is worked out once, then each group's options
 * pick from it. The scheduler plans every subscribed group each minute.
 */
export function dayPlanner(library: Library, date: LocalDate, config: PlanConfig) {
  const workday = workdayOf(date, library.holidays)
  const keyDates = keyDateItems(library, date)
  const reminderSlot = (workdaysOnly: boolean) => {
    const reminders = remindersOn(library, date, config.reminderOffsets, workdaysOnly)
    const item = reminders.map(r => `${r.occurrence.entry.id}@${r.occurrence.start}`).join('+')
    return { item, reminders }
  }
  const reminders = { any: reminderSlot(false), workdays: reminderSlot(true) }

  /** Everything one group receives on the date, with due times and catch-up windows. */
  return (options: PushOptions): DayPlan => {
    const skipped = options.workdays && !workday.workday
    const due = shanghaiInstant(date, options.time)
    const until = shanghaiInstant(date, catchUpEnd(options.time, config.catchUpUntil))
    const slots: PlannedSlot[] = []
    if (!skipped && options.dates) {
      for (const keyDate of keyDates) slots.push({ kind: 'date', item: keyDate.item.id, due, until, keyDate })
    }
    if (!skipped && options.tips) slots.push({ kind: 'tip', item: DAILY_TIP, due, until })
    if (options.reminders && !skipped) {
      const { item, reminders: lines } = options.workdays ? reminders.workdays : reminders.any
      if (lines.length) slots.push({ kind: 'reminder', item, due, until, reminders: lines })
    }
    if (options.quiz && config.quiz) slots.push(...quizSlots(date, config.quiz, config.catchUpUntil, skipped))
    return { date, workday, skipped, slots }
  }
}

/**
 * The quiz's slots on a date: the question at its opening time, sent until answers close
 * (not on a day the group skips), and on the weekly day the results of the week before,
 * whose item is that week's Monday.
 */
function quizSlots(date: LocalDate, times: QuizTimes, catchUpUntil: number, skipped: boolean): PlannedSlot[] {
  const slots: PlannedSlot[] = []
  if (!skipped) {
    slots.push({ kind: 'quiz', item: DAILY_QUIZ, due: shanghaiInstant(date, times.opensAt), until: shanghaiInstant(date, times.closesAt) })
  }
  if (weekday(date) === times.weeklyDay) {
    const due = shanghaiInstant(date, times.weeklyAt)
    const until = shanghaiInstant(date, catchUpEnd(times.weeklyAt, catchUpUntil))
    slots.push({ kind: 'quiz-week', item: weekStart(addDays(date, -7)), due, until })
  }
  return slots
}

/** Everything one group receives on one date, with due times and catch-up windows. */
export function planDay(library: Library, date: LocalDate, options: PushOptions, config: PlanConfig): DayPlan {
  return dayPlanner(library, date, config)(options)
}
