import { Context } from 'koishi'
import { DutyProgress, dutiesFor, dueDate, lag, progressOf, target } from '../../../src/duties/progress'
import { Duty, DutyYear } from '../../../src/duties/schema'
import { LocalDate } from '../../../src/time/local-date'
import { Unit } from '../../reports/src/models'

const FIELD = { activities: 'count', participants: 'participants', materials: 'materials' } as const

/** How far one duty is: counted from the unit's reports up to its deadline, or from an admin's mark. */
async function doneFor(ctx: Context, year: number, unit: Unit, duty: Duty, marked: Set<string>): Promise<number> {
  if (!duty.measure) return marked.has(duty.id) ? 1 : 0
  const m = duty.measure
  const sums = await ctx.pufaLedger.sums({
    period: { from: `${year}-01-01`, to: dueDate(year, duty), label: '' },
    unitIds: [unit.id],
    ...m.theme && { themes: ctx.pufaLedger.themeFamily(m.theme) },
    ...m.form && { forms: [m.form] },
    ...m.keyDate && { keyDates: ctx.pufaLedger.keyDateFamily(m.keyDate, year) },
  })
  return sums[FIELD[target(m).metric]]
}

/** A key-date duty's work starts with its key date's window that year; others' on 1 January. */
function opensOn(ctx: Context, year: number, duty: Duty): LocalDate | undefined {
  const keyDate = duty.measure?.keyDate
  const entry = keyDate ? ctx.pufaContent.calendar.get(keyDate) : undefined
  return entry && ctx.pufaContent.calendar.occurrence(entry, year)?.start
}

export interface UnitProgress {
  unit: Unit
  progress: DutyProgress[]
  lag: number
}

/** Every duty of a unit in a year, where it stands on `today`. */
export async function unitProgress(ctx: Context, list: DutyYear, unit: Unit, today: LocalDate): Promise<UnitProgress> {
  const marks = await ctx.database.get('pufa_duty_mark', { year: list.year, unitId: unit.id }, ['dutyId'])
  const marked = new Set(marks.map(mark => mark.dutyId))
  const progress: DutyProgress[] = []
  for (const duty of dutiesFor(list, unit)) {
    progress.push(progressOf(duty, list.year, today, await doneFor(ctx, list.year, unit, duty, marked), opensOn(ctx, list.year, duty)))
  }
  return { unit, progress, lag: lag(progress) }
}
