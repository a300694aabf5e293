import { diffDays, LocalDate } from '../time/local-date'
import { Duty, DutyMeasure, DutyYear } from './schema'

/** The duties a unit carries in a year: those for its kind, then those named for it. */
export function dutiesFor(year: DutyYear, unit: { name: string; kind: string }): Duty[] {
  const general = year.duties.filter(duty => !duty.kinds || duty.kinds.includes(unit.kind))
  return [...general, ...year.units[unit.name] ?? []]
}

export function dueDate(year: number, duty: Pick<Duty, 'due'>): LocalDate {
  return `${year}-${duty.due ?? '12-31'}`
}

export function target(measure: DutyMeasure): { metric: 'activities' | 'participants' | 'materials'; value: number } {
  if (measure.activities !== undefined) return { metric: 'activities', value: measure.activities }
  if (measure.participants !== undefined) return { metric: 'participants', value: measure.participants }
  return { metric: 'materials', value: measure.materials! }
}

export type DutyState = 'done' | 'on-track' | 'behind' | 'overdue' | 'open'

export interface DutyProgress {
  duty: Duty
  due: LocalDate
  /** Counted so far, or 1/0 for a duty marked by an admin. */
  done: number
  target: number
  /** What should be done by today if the work were spread evenly from its start to the deadline. */
  expected: number
  state: DutyState
}

/**
 * Where a duty stands on a date. A measured duty is behind when it has less than its
 * share of the target for the time gone, counted from the day its work can start (1
 * January, or the first day of its key date's window) to its deadline, and overdue after
 * the deadline; a marked duty is open until an admin marks it.
 */
export function progressOf(duty: Duty, year: number, today: LocalDate, done: number, opensOn: LocalDate = `${year}-01-01`): DutyProgress {
  const due = dueDate(year, duty)
  const goal = duty.measure ? target(duty.measure).value : 1
  const start = opensOn < due ? opensOn : due
  const span = diffDays(start, due) + 1
  const elapsed = Math.min(span, Math.max(0, diffDays(start, today) + 1))
  const expected = duty.measure ? Math.ceil(goal * elapsed / span) : (today > due ? 1 : 0)
  let state: DutyState
  if (done >= goal) state = 'done'
  else if (today > due) state = 'overdue'
  else if (!duty.measure) state = 'open'
  else state = done < expected ? 'behind' : 'on-track'
  return { duty, due, done, target: goal, expected, state }
}

/** How far a unit is behind, for sorting a county: overdue duties weigh most, then the missing share. */
export function lag(progress: DutyProgress[]): number {
  return progress.reduce((sum, p) => {
    if (p.state === 'done') return sum
    const missing = Math.max(0, p.expected - p.done) / p.target
    return sum + (p.state === 'overdue' ? 1 + missing : missing)
  }, 0)
}

/** The unfinished duty with the nearest deadline on or after today. */
export function nextDue(progress: DutyProgress[], today: LocalDate): DutyProgress | undefined {
  return progress
    .filter(p => p.state !== 'done' && p.due >= today)
    .sort((a, b) => a.due.localeCompare(b.due))[0]
}

