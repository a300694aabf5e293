import { Context, h } from 'koishi'
import { acceptAnyWord } from '../../reports/src/free-text'
import { Officer } from '../../reports/src/models'
import { lineFormat } from './lines'
import { activeUnitCount, inBatches, silentUnits } from './queries'
import { Scope, scopeFor } from './scope'

/** Units named in a 未报送 reply; a phone screen, not the whole register. */
const MAX_LINES = 30

/** Active units in scope with no matching report (the first `limit` by id, with their officers), and how many in all. */
async function silentWithOfficers(ctx: Context, scope: Scope, limit?: number) {
  const { count, units } = await silentUnits(ctx, scope, limit)
  const ids = units.map(unit => unit.id)
  const officers = await inBatches(ids, batch => ctx.database.get('pufa_officer', { unitId: { $in: batch } }))
  return { count, units: units.map(unit => ({ name: unit.name, officers: officers.filter(o => o.unitId === unit.id) })) }
}

export function registerChase(ctx: Context) {
  acceptAnyWord(ctx.command('未报送 [...period:string]'))
    .alias('pufa-missing')
    .userFields(['id', 'authority'])
    .option('keyDate', '-n <keyDate:string>')
    .action(async ({ session, options }, ...words) => {
      const s = session!
      const scope = await scopeFor(ctx, s, words, options!)
      if (typeof scope === 'string') return scope
      const total = await activeUnitCount(ctx, scope)
      const silent = await silentWithOfficers(ctx, scope, MAX_LINES)
      if (!silent.count) return s.text('.all-reported', { period: scope.period.label, total })
      const line = lineFormat(s, '.line'), noOfficer = lineFormat(s, '.line-no-officer')
      const lines = [
        s.text('.header', { period: scope.period.label, count: silent.count, total }),
        ...silent.units.map(unit => unit.officers.length
          ? line({ unit: unit.name, officers: unit.officers.map(o => o.name).join('、') })
          : noOfficer({ unit: unit.name })),
      ]
      if (silent.count > MAX_LINES) lines.push(s.text('.more', [silent.count - MAX_LINES]))
      return lines.join('\n')
    })

  ctx.pufaRoles.adminCommand(acceptAnyWord(ctx.command('催报 [...period:string]').alias('pufa-chase').option('keyDate', '-n <keyDate:string>')))
    .userFields(['id', 'authority'])
    .action(async ({ session, options }, ...words) => {
      const s = session!
      const scope = await scopeFor(ctx, s, words, options!)
      if (typeof scope === 'string') return scope
      const { units: silent } = await silentWithOfficers(ctx, scope)
      const period = scope.period.label
      if (!silent.length) return s.text('.nothing', { period })
      const here: Officer[] = [], elsewhere: { officer: Officer; unit: string }[] = []
      for (const unit of silent) {
        for (const officer of unit.officers) {
          // In this group an @ reaches officers on this platform; others get a direct message.
          if (!s.isDirect && officer.platform === s.platform) here.push(officer)
          else elsewhere.push({ officer, unit: unit.name })
        }
      }
      if (here.length) {
        await s.send([s.text('.mention', { period }), ' ', ...here.flatMap(officer => [h.at(officer.userId, { name: officer.name }), ' '])])
      }
      const failed: string[] = []
      for (const { officer, unit } of elsewhere) {
        const sent = await direct(ctx, officer, s.text('.direct', { unit, period }))
        if (!sent) failed.push(`${unit}（${officer.name}）`)
      }
      const unreachable = silent.filter(unit => !unit.officers.length).map(unit => unit.name)
      const lines = [s.text('.summary', {
        reached: silent.length - unreachable.length,
        direct: elsewhere.length ? s.text('.direct-count', [elsewhere.length - failed.length]) : '',
      })]
      if (unreachable.length) lines.push(s.text('.unreachable', [unreachable.join('、')]))
      if (failed.length) lines.push(s.text('.failed', [failed.join('、')]))
      return lines.join('\n')
    })
}

/** A private message through any online bot of the officer's platform. */
async function direct(ctx: Context, officer: Officer, text: string) {
  const bot = ctx.bots.find(b => b.platform === officer.platform)
  if (!bot) return false
  try {
    await bot.sendPrivateMessage(officer.userId, text)
    return true
  } catch {
    return false
  }
}

