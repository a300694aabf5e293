import { Context, Service, Session } from 'koishi'
import { monthSlices } from '../../../src/ledger/months'
import { sendFileToAsker } from './file-delivery'
import { ChaseFrom, chaseSilent } from './chase'
import { activeUnitCount, grandTotals, keyDateFamily, LedgerFilter, photoCount, silentUnits, themeFamily, topReports, topUnits, totalsBy, unitNames } from './queries'
import { Scope } from './scope'

declare module 'koishi' {
  interface Context {
    pufaLedger: PufaLedger
  }
}

/**
 * The ledger's figures for other features (责任清单, 履职报告, the console): the same queries as
 * 台账, so every figure has one definition.
 */
export class PufaLedger extends Service {
  static inject = ['database', 'pufaContent', 'pufaDelivery']

  private filePlatforms: string[]

  constructor(ctx: Context, config: { filePlatforms: string[] }) {
    super(ctx, 'pufaLedger')
    this.filePlatforms = config.filePlatforms
  }

  /** A saved file (a workbook, a draft) to the person who asked, never into a group. */
  sendFile(session: Session, file: string) {
    return sendFileToAsker(session, this.filePlatforms, file)
  }

  /** 场次, 参与人次 and 资料份数 of the active reports matching the filter. */
  sums(filter: LedgerFilter) {
    return grandTotals(this.ctx, filter)
  }

  /** Sums per theme, form or key-date tag, most activities first. */
  totalsBy(filter: LedgerFilter, field: 'theme' | 'form' | 'keyDate') {
    return totalsBy(this.ctx, filter, field)
  }

  /** The reports that reached the most people. */
  topReports(filter: LedgerFilter, limit: number) {
    return topReports(this.ctx, filter, limit)
  }

  /** Photos kept with the matching reports. */
  photoCount(filter: LedgerFilter) {
    return photoCount(this.ctx, filter)
  }

  /** Every unit that reported, ranked as 台账 ranks them (most activities, then people reached). */
  unitTotals(filter: LedgerFilter) {
    return topUnits(this.ctx, filter, Infinity)
  }

  /** Active units in scope that reported nothing, as 未报送 lists them. */
  async silentUnits(filter: LedgerFilter) {
    return (await silentUnits(this.ctx, filter)).units.map(({ id, name }) => ({ id, name }))
  }

  /** Active units in the filter's scope, as 未报送 counts them. */
  activeUnitCount(filter: LedgerFilter) {
    return activeUnitCount(this.ctx, filter)
  }

  /** Names by unit id, units stopped since included. */
  unitNames(ids: number[]) {
    return unitNames(this.ctx, ids)
  }

  /**
   * The sums of each calendar month the period touches, a month cut by the period counting
   * only its part, so the months add up to sums(filter).
   */
  async byMonth(filter: LedgerFilter) {
    const months = []
    // One month at a time: the SQLite driver has a single connection.
    for (const { month, from, to } of monthSlices(filter.period.from, filter.period.to)) {
      months.push({ month, ...await grandTotals(this.ctx, { ...filter, period: { ...filter.period, from, to } }) })
    }
    return months
  }

  /** A theme with its sub-themes, as 台账 -t counts it. */
  themeFamily(theme: string) {
    return themeFamily(this.ctx, theme)
  }

  /** A key date's tags in a year, as 台账 -n counts them. */
  keyDateFamily(entryId: string, year: number) {
    return keyDateFamily(this.ctx, entryId, year)
  }

  /**
   * 催报: reminds the officers of silent units, each at most once a Shanghai day for the
   * period, however many times it is asked (two admins, a button clicked twice).
   */
  chase(scope: Scope, from: ChaseFrom, now = new Date()) {
    return chaseSilent(this.ctx, scope, from, now)
  }
}
