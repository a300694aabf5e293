import { Context, Service } from 'koishi'
import { grandTotals, keyDateFamily, LedgerFilter, themeFamily } from './queries'

declare module 'koishi' {
  interface Context {
    pufaLedger: PufaLedger
  }
}

/**
 * The ledger's figures for other features (责任清单, the console): the same queries as
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

  /** A theme with its sub-themes, as 台账 -t counts it. */
  themeFamily(theme: string) {
    return themeFamily(this.ctx, theme)
  }

  /** A key date's tags in a year, as 台账 -n counts them. */
  keyDateFamily(entryId: string, year: number) {
    return keyDateFamily(this.ctx, entryId, year)
  }
}
