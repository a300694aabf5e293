import { Context, h, Session } from 'koishi'
import { limitInput } from './input-limits'
import { unknownUnit } from './render'
import { UnknownUnit } from './service'

/** `@mention`, `platform:userId` or a bare user id (on the sender's platform). */
function parseUser(session: Session, text: string) {
  const [at] = h.select(h.parse(text), 'at')
  if (at) return { platform: session.platform, userId: String(at.attrs.id) }
  const trimmed = text.trim()
  const split = trimmed.lastIndexOf(':')
  if (split > 0) return { platform: trimmed.slice(0, split), userId: trimmed.slice(split + 1) }
  return { platform: session.platform, userId: trimmed }
}

export function registerUnits(ctx: Context) {
  const reports = ctx.pufaReports
  const roles = ctx.pufaRoles

  ctx.command('单位').action(({ session }) => session!.execute('help 单位'))

  ctx.command('单位.列表')
    .alias('pufa-units')
    .action(async ({ session }) => {
      const units = await reports.activeUnits()
      if (!units.length) return session!.text('.empty')
      const officers = await ctx.database.get('pufa_officer', {}, ['unitId'])
      const count = (id: number) => officers.filter(officer => officer.unitId === id).length
      const lines = units.map(unit => session!.text('.line', { name: unit.name, kind: unit.kind, officers: count(unit.id) }))
      return [session!.text('.header', [units.length]), ...lines].join('\n')
    })

  limitInput(roles.adminCommand(ctx.command('单位.添加 <name:string>').option('kind', '-k <kind:string>')))
    .action(async ({ session, options, args }, name) => {
      if (!name?.trim()) return session!.text('.missing-name')
      // 单位 添加 城关 镇: every word, so that a space is refused rather than the name cut at it.
      name = (args ?? [name]).map(String).join(' ').trim()
      const outcome = await reports.addUnit(name, options!.kind)
      return session!.text(`.${outcome.code}`, outcome.params)
    })

  limitInput(roles.adminCommand(ctx.command('单位.停用 <name:string>')))
    .action(async ({ session }, name) => {
      if (!name?.trim()) return session!.text('.missing-name')
      const unit = await reports.findUnit(name)
      if (unit instanceof UnknownUnit) return unknownUnit(session!, unit)
      await reports.stopUnit(unit.id)
      return session!.text('.done', { name: unit.name })
    })

  ctx.command('联络员').action(({ session }) => session!.execute('help 联络员'))

  limitInput(roles.adminCommand(ctx.command('联络员.列表 [unit:string]')))
    .action(async ({ session }, name) => {
      let unitIds: number[] | undefined
      if (name) {
        const unit = await reports.findUnit(name)
        if (unit instanceof UnknownUnit) return unknownUnit(session!, unit)
        unitIds = [unit.id]
      }
      const officers = await ctx.database.get('pufa_officer', unitIds ? { unitId: unitIds } : {})
      if (!officers.length) return session!.text(name ? '.empty-unit' : '.empty', [name])
      const units = new Map((await ctx.database.get('pufa_unit', {})).map(unit => [unit.id, unit.name]))
      officers.sort((a, b) => a.unitId - b.unitId)
      return [
        session!.text('.header', [officers.length]),
        ...officers.map(officer => session!.text('.line', {
          unit: units.get(officer.unitId),
          name: officer.name,
          account: `${officer.platform}:${officer.userId}`,
        })),
      ].join('\n')
    })

  limitInput(roles.adminCommand(ctx.command('联络员.移除 <user:text>')))
    .action(async ({ session }, text) => {
      if (!text?.trim()) return session!.text('.missing-user')
      const { platform, userId } = parseUser(session!, text)
      const [binding] = await ctx.database.get('binding', { platform, pid: userId })
      const removed = binding ? await ctx.database.remove('pufa_officer', { aid: binding.aid }) : { removed: 0 }
      if (!removed.removed) return session!.text('.not-officer', [`${platform}:${userId}`])
      return session!.text('.done', [`${platform}:${userId}`])
    })
}
