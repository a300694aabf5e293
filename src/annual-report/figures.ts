import { LocalDate } from '../time/local-date'

/** 场次, 参与人次 and 资料份数. */
export interface Amounts {
  count: number
  participants: number
  materials: number
}

/** Sums for one theme, form or key date, under the name a reader knows it by. */
export interface NamedAmounts extends Amounts {
  name: string
}

/** One activity as the draft lists it. */
export interface Activity {
  date: LocalDate
  title: string
  place: string
  /** The unit that held it, in a county summary. */
  unit?: string
  participants: number
  materials: number
}

/** One duty of a unit's 责任清单 and where it stands. */
export interface DutyLine {
  title: string
  /** What a measured duty counts; none for a duty an admin marks. */
  metric?: 'activities' | 'participants' | 'materials'
  target: number
  done: number
  due: LocalDate
  state: 'done' | 'on-track' | 'behind' | 'overdue' | 'open'
}

/** How one unit stands on its 责任清单, for the county summary. */
export interface UnitDuties {
  unit: string
  total: number
  met: number
  /** Titles of the duties not yet met. */
  unmet: string[]
}

/**
 * Everything a 履职报告 or 年度普法工作总结 draft states as a figure, gathered from the
 * ledger by the caller. A unit draft has `unit`; a county draft has `county`.
 */
export interface DraftFigures {
  year: number
  /** The last day the figures cover (today, or 31 December of a past year). */
  asOf: LocalDate
  generatedOn: LocalDate
  unit?: string
  totals: Amounts
  photos: number
  byTheme: NamedAmounts[]
  byForm: NamedAmounts[]
  byKeyDate: NamedAmounts[]
  /** January to December. */
  byMonth: Amounts[]
  top: Activity[]
  /** The unit's duties; undefined when the year has no 责任清单. */
  duties?: DutyLine[]
  county?: {
    /** Active units in the register. */
    units: number
    /** Units with at least one report in the year. */
    reported: number
    /** Active units without any report, by name. */
    silent: string[]
    /** Each active unit on its duties; undefined when the year has no 责任清单. */
    duties?: UnitDuties[]
  }
}

/** A locale lookup: the draft's sentences live in the plugin's locale file. */
export type DraftText = (key: string, params?: Record<string, string | number>) => string
