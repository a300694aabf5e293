import { Context } from 'koishi'
import { parsePeriod } from '../../../src/ledger/periods'
import { shanghaiDate } from '../../../src/time/shanghai'
import { inBackground } from '../../database-sqlite/src/driver'
import { ranking, silentUnits } from './queries'

/**
 * Part of start-up: reads what the first 台账 今年 and 未报送 本月 read, once, after the other
 * plugins' start-up work and behind any chat command (the database's background turn).
 * Profiled, the first 台账 after a start spent about a whole warm command's time on SQLite's
 * first run of these statements (the WASM code compiled on its first call, the year's totals
 * and the units read from the file). The answers are not kept.
 */
export function warmUpOnStart(ctx: Context, lines: number) {
  ctx.on('ready', () => {
    const today = shanghaiDate(new Date())
    const calendar = ctx.pufaContent.calendar
    const periods = ['今年', '本月'].map(text => parsePeriod(text, today, calendar))
    inBackground(ctx.database, async () => {
      for (const parsed of periods) {
        if (!parsed.ok) continue
        await ranking(ctx, { period: parsed.period }, lines)
        await silentUnits(ctx, { period: parsed.period }, lines)
      }
    }).catch(error => ctx.logger('pufa-ledger').warn(error))
  })
}
