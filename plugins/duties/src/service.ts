import { Context, Service } from 'koishi'
import { DutyYear } from '../../../src/duties/schema'
import { LocalDate } from '../../../src/time/local-date'
import { Unit } from '../../reports/src/models'
import { unitProgress } from './progress'

declare module 'koishi' {
  interface Context {
    pufaDuties: PufaDuties
  }
}

/** The loaded 责任清单 and each unit's progress on it, for other features (履职报告). */
export class PufaDuties extends Service {
  static inject = ['database', 'pufaLedger']

  constructor(ctx: Context, public config: { years: DutyYear[] }) {
    super(ctx, 'pufaDuties')
  }

  /** The list for a year, if there is one. */
  list(year: number) {
    return this.config.years.find(y => y.year === year)
  }

  /** A unit's duties in a year as they stand on `asOf`, as 「清单」 shows them; undefined without a list. */
  async progress(unit: Unit, year: number, asOf: LocalDate) {
    const list = this.list(year)
    return list && unitProgress(this.ctx, list, unit, asOf)
  }
}
