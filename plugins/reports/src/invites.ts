import { Context, Session } from 'koishi'
import { accountOf } from '../../roles/src'
import { CODE_LENGTH, readCode } from '../../../src/reports/invite-code'
import { formatShanghai } from '../../../src/time/shanghai'
import { Config } from './config'
import { limitInput } from './input-limits'
import { BindGuard } from './models'
import { unknownUnit } from './render'
import { UnknownUnit } from './service'

export function registerInvites(ctx: Context, config: Config) {
  const reports = ctx.pufaReports
  const roles = ctx.pufaRoles

  limitInput(roles.adminCommand(ctx.command('单位.邀请 <name:text>')))
    .action(async ({ session }, name) => {
      if (!name?.trim()) return session!.text('.missing-name')
      const unit = await reports.findUnit(name)
      if (unit instanceof UnknownUnit) return unknownUnit(session!, unit)
      const { code, shown, expiresAt, days } = await reports.createInvite(unit.id, accountOf(session!))
      const text = session!.text('.done', { code: shown, unit: unit.name, days, expires: formatShanghai(expiresAt) })
      if (session!.isDirect) return text
      // Posted in a group, the code would go to whoever types it first.
      try {
        await session!.bot.sendPrivateMessage(session!.userId!, text, session!.guildId)
      } catch {
        // Undelivered, the code must not stay valid for anyone to find.
        await reports.revokeInvite(code)
        return session!.text('.private-failed', [unit.name])
      }
      return session!.text('.sent-privately', [unit.name])
    })

  /** One 绑定 at a time, so that the guess count of a user firing many at once stays exact. */
  let queue: Promise<unknown> = Promise.resolve()
  const oneAtATime = <T>(task: () => Promise<T>) => {
    const run = queue.then(task, task)
    queue = run.catch(() => {})
    return run
  }

  /** Counts a wrong code; how many tries are left (0: locked out from now). */
  async function wrongCode(aid: number, guard: BindGuard | undefined, now: Date) {
    const fresh = !guard || now.getTime() - guard.windowStart.getTime() > config.bindWindow
    const failures = fresh ? 1 : guard.failures + 1
    const locked = failures >= config.bindFailures
    await ctx.database.upsert('pufa_bind_guard', [{
      aid,
      failures: locked ? 0 : failures,
      windowStart: fresh || locked ? now : guard.windowStart,
      lockedUntil: locked ? new Date(now.getTime() + config.bindLockout) : new Date(0),
    }])
    return locked ? 0 : config.bindFailures - failures
  }

  async function bind(session: Session<'id' | 'name'>, typed: string) {
    const now = new Date()
    const aid = session.user!.id
    const [guard] = await ctx.database.get('pufa_bind_guard', { aid })
    const lockedOut = (until: Date) => session.text('.locked', { until: formatShanghai(until) })
    if (guard && guard.lockedUntil > now) return lockedOut(guard.lockedUntil)
    const code = readCode(typed)
    const [invite] = code.length === CODE_LENGTH ? await ctx.database.get('pufa_invite', { code }) : []
    // Unknown, used and expired codes get the same answer: a guesser learns nothing.
    const refuse = async () => {
      const left = await wrongCode(aid, guard, now)
      return left ? session.text('.invalid', [left]) : lockedOut(new Date(now.getTime() + config.bindLockout))
    }
    if (!invite || invite.usedBy || invite.expiresAt < now) return refuse()
    const [unit] = await ctx.database.get('pufa_unit', { id: invite.unitId, active: true })
    if (!unit) return session.text('.unit-inactive')
    const [previous] = await ctx.database.get('pufa_officer', { aid })
    // The code is spent first: if two people race for it, only one gets through.
    const claimed = await ctx.database.set('pufa_invite', { code: invite.code, usedBy: '' }, { usedBy: accountOf(session), usedAt: now })
    if (!claimed.matched) return refuse()
    await ctx.database.upsert('pufa_officer', [{
      aid,
      unitId: unit.id,
      platform: session.platform,
      userId: session.userId!,
      name: session.username,
      boundAt: now,
    }])
    if (guard) await ctx.database.remove('pufa_bind_guard', { aid })
    const moved = previous && previous.unitId !== unit.id ? session.text('.moved', [await reports.unitName(previous.unitId)]) : ''
    return session.text('.done', { unit: unit.name }) + moved
  }

  limitInput(ctx.command('绑定 <code:text>'))
    .alias('pufa-bind')
    .userFields(['id', 'name'])
    .action(async ({ session }, code) => {
      if (!code?.trim()) return session!.text('.missing-code')
      return oneAtATime(() => bind(session!, code))
    })
}
