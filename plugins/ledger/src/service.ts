import { Context, Service } from 'koishi'
import { grandTotals, keyDateFamily, LedgerFilter, photoCount, themeFamily, topReports, totalsBy } from './queries'

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
  static inject = ['database', 'pufaContent']

  constructor(ctx: Context) {
    super(ctx, 'pufaLedger')
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

  /** A theme with its sub-themes, as 台账 -t counts it. */
  themeFamily(theme: string) {
    return themeFamily(this.ctx, theme)
  }

  /** A key date's tags in a year, as 台账 -n counts them. */
  keyDateFamily(entryId: string, year: number) {
    return keyDateFamily(this.ctx, entryId, year)
  }
}
