import { Context } from 'koishi'

declare module 'koishi' {
  interface Tables {
    pufa_duty_mark: DutyMark
  }
}

/** A duty without a measure, marked done by an admin for one unit and year. */
export interface DutyMark {
  year: number
  unitId: number
  dutyId: string
  note: string
  /** A report that shows it, or 0. */
  reportId: number
  by: string
  at: Date
}

export function defineModels(ctx: Context) {
  ctx.model.extend('pufa_duty_mark', {
    year: 'unsigned',
    unitId: 'unsigned',
    dutyId: 'string(63)',
    note: 'string(255)',
    reportId: 'unsigned',
    by: 'string(255)',
    at: 'timestamp',
  }, { primary: ['year', 'unitId', 'dutyId'] })
}
