import { Context } from 'koishi'
import { inviteCode, showCode } from '../../../src/reports/invite-code'
import { checkUnitName, unitNameKey } from '../../../src/reports/unit-name'
import { Roster } from '../../../src/reports/roster'

/** What a change to the register did: the key of its reply under the command's messages, and the reply's parameters. */
export interface Outcome {
  ok: boolean
  code: string
  params: Record<string, unknown>
}

/**
 * Adds a unit, or brings back a stopped one of that name, by the rules 单位 添加 states:
 * a checked name, a kind from the roster, and no second unit that only looks different.
 */
export async function addUnit(ctx: Context, roster: Roster, typed: string, kind = '其他'): Promise<Outcome> {
  const fail = (code: string, params: Record<string, unknown> = {}) => ({ ok: false, code, params })
  const checked = checkUnitName(typed)
  if (!checked.ok) return fail(checked.problem.code, 'params' in checked.problem ? checked.problem.params : {})
  const name = checked.name
  if (!roster.kinds.includes(kind)) return fail('bad-kind', { kind, kinds: roster.kinds.join('、') })
  const key = unitNameKey(name)
  const existing = (await ctx.database.get('pufa_unit', {})).find(unit => unitNameKey(unit.name) === key)
  // Looks the same in every list, yet would be another unit: refused, the existing one named.
  if (existing && existing.name !== name) return fail('looks-like', { name, existing: existing.name })
  if (existing?.active) return fail('exists', { name })
  if (existing) {
    await ctx.database.set('pufa_unit', { id: existing.id }, { active: true, kind })
    return { ok: true, code: 'reactivated', params: { name, kind } }
  }
  await ctx.database.create('pufa_unit', { name, kind, active: true, createdAt: new Date() })
  return { ok: true, code: 'added', params: { name, kind } }
}

/** A new one-time invite code for a unit's officer, valid for `days`; the code as people read it out. */
export async function createInvite(ctx: Context, unitId: number, by: string, days: number) {
  const createdAt = new Date()
  const expiresAt = new Date(createdAt.getTime() + days * 86_400_000)
  const code = inviteCode()
  await ctx.database.create('pufa_invite', { code, unitId, createdBy: by, createdAt, expiresAt, usedBy: '', usedAt: null! })
  return { code, shown: showCode(code), expiresAt, days }
}
