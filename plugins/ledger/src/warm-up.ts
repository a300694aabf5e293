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
  const logger = ctx.logger('pufa-ledger')
  const warmUp = async () => {
    try {
      const today = shanghaiDate(new Date())
      const periods = ['今年', '本月'].map(text => parsePeriod(text, today, ctx.pufaContent.calendar))
      await inBackground(ctx.database, async () => {
        for (const parsed of periods) {
          // A bot stopped right after its start (a restart, a test) has nothing to warm.
          if (!parsed.ok || !ctx.scope.isActive) continue
          await ranking(ctx, { period: parsed.period }, lines)
          await silentUnits(ctx, { period: parsed.period }, lines)
        }
      })
    } catch (error) {
      if (ctx.scope.isActive) logger.warn(error)
    }
  }
  // Not awaited: start-up does not wait for it.
  ctx.on('ready', () => void warmUp())
}
