import { Context, h } from 'koishi'
import { acceptAnyWord } from '../../reports/src/free-text'
import { Officer } from '../../reports/src/models'
import { reportingUnitIds } from './queries'
import { Scope, scopeFor } from './scope'

/** Units named in a 未报送 reply; a phone screen, not the whole register. */
const MAX_LINES = 30

/** Active units in scope with no matching report, and their officers. */
async function silentUnits(ctx: Context, scope: Scope) {
  const reported = await reportingUnitIds(ctx, scope)
  const ids = (scope.unitIds ?? scope.activeUnitIds).filter(id => scope.activeUnitIds.includes(id) && !reported.has(id))
  const officers = ids.length ? await ctx.database.get('pufa_officer', { unitId: { $in: ids } }) : []
  return ids.map(id => ({ unitId: id, name: scope.unitNames.get(id)!, officers: officers.filter(o => o.unitId === id) }))
}

export function registerChase(ctx: Context) {
  acceptAnyWord(ctx.command('未报送 [...period:string]'))
    .alias('pufa.missing')
    .userFields(['id', 'authority'])
    .option('keyDate', '-n <keyDate:string>')
    .action(async ({ session, options }, ...words) => {
      const s = session!
      const scope = await scopeFor(ctx, s, words, options!)
      if (typeof scope === 'string') return scope
      const total = (scope.unitIds ?? scope.activeUnitIds).filter(id => scope.activeUnitIds.includes(id)).length
      const silent = await silentUnits(ctx, scope)
      if (!silent.length) return s.text('.all-reported', { period: scope.period.label, total })
      const lines = [
        s.text('.header', { period: scope.period.label, count: silent.length, total }),
        ...silent.slice(0, MAX_LINES).map(unit => s.text('.line', {
          unit: unit.name,
          officers: unit.officers.length ? s.text('.officers', [unit.officers.map(o => o.name).join('、')]) : s.text('.no-officer'),
        })),
      ]
      if (silent.length > MAX_LINES) lines.push(s.text('.more', [silent.length - MAX_LINES]))
      return lines.join('\n')
    })

  ctx.pufaRoles.adminCommand(acceptAnyWord(ctx.command('催报 [...period:string]').alias('pufa.chase').option('keyDate', '-n <keyDate:string>')))
    .userFields(['id', 'authority'])
    .action(async ({ session, options }, ...words) => {
      const s = session!
      const scope = await scopeFor(ctx, s, words, options!)
      if (typeof scope === 'string') return scope
      const silent = await silentUnits(ctx, scope)
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

