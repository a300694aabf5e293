import { Context, h, Session } from 'koishi'
import { shanghaiDate } from '../../../src/time/shanghai'
import type { OnceResult } from '../../push/src'
import { acceptAnyWord } from '../../reports/src/free-text'
import { lineFormat } from './lines'
import { silentUnits } from './queries'
import { Scope, scopeFor } from './scope'

/** Units named in a 未报送 reply; a phone screen, not the whole register. */
const MAX_LINES = 30

export function registerChase(ctx: Context) {
  acceptAnyWord(ctx.command('未报送 [...period:string]'))
    .alias('pufa-missing')
    .userFields(['id', 'authority'])
    .option('keyDate', '-n <keyDate:string>')
    .action(async ({ session, options }, ...words) => {
      const s = session!
      const scope = await scopeFor(ctx, s, words, options!)
      if (typeof scope === 'string') return scope
      const silent = await silentUnits(ctx, scope, MAX_LINES)
      const total = silent.total
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
      // What ctx.pufaLedger.chase does; this plugin provides that service, so it calls the function.
      const report = await chaseSilent(ctx, scope, {
        platform: s.platform,
        channelId: s.channelId,
        guildId: s.guildId,
        isDirect: s.isDirect,
        userId: s.userId!,
        session: s,
      })
      return renderChase(s, report)
    })
}

/** Who asked for a 催报, and where: officers on this platform in this group are @-mentioned here. */
export interface ChaseFrom {
  platform: string
  channelId?: string
  guildId?: string
  isDirect: boolean
  userId: string
  /** The conversation to reply in, when the 催报 came from a chat message. */
  session?: Session
}

export interface OfficerChase {
  unit: string
  officer: string
  platform: string
  userId: string
  /** Reached by the @-mention in the group asked from, or by a private message. */
  via: 'group' | 'direct'
  /** 'done': already chased today (by the group message or privately), nothing sent again. */
  result: OnceResult
}

/** What a 催报 did, for the chat reply or a web page. */
export interface ChaseReport {
  period: string
  /** Units in scope that have not reported. */
  silent: number
  /** Units at least one of whose officers was reached now. */
  chased: number
  /** The @-mention in the group, when there was one to send. */
  group?: OnceResult
  officers: OfficerChase[]
  /** Silent units without a bound officer. */
  unreachable: string[]
}

/** Every key of one 催报 begins with the day and what is chased: a second 催报 that day sends nothing again. */
function chasePrefix(scope: Scope, date: string) {
  const { from, to } = scope.period
  return ['chase', date, `${from}~${to}`, ...scope.keyDates?.length ? [scope.keyDates[0]] : []].join(':')
}

/** The i18n text of a 催报 message, as session.text renders it (joined and escaped). */
function text(ctx: Context, path: string, params: object) {
  return ctx.i18n.render(['zh-CN'], [`commands.催报.messages.${path}`], params).join('')
}

/**
 * Chases the officers of silent units, each at most once a day for the period: in the
 * group asked from, one @-mention of those on its platform; everyone else privately.
 * A failed private message is tried again by the next 催报.
 */
export async function chaseSilent(ctx: Context, scope: Scope, from: ChaseFrom, now = new Date()): Promise<ChaseReport> {
  const { units: silent } = await silentUnits(ctx, scope)
  const period = scope.period.label
  const report: ChaseReport = { period, silent: silent.length, chased: 0, officers: [], unreachable: [] }
  const date = shanghaiDate(now)
  const prefix = chasePrefix(scope, date)
  const delivery = ctx.pufaDelivery
  const here: OfficerChase[] = []
  const reached = new Set<string>()
  // Private messages keep the platform's pacing, as pushes do (many in a row look like spam to QQ).
  let attempted = false
  for (const unit of silent) {
    if (!unit.officers.length) report.unreachable.push(unit.name)
    for (const officer of unit.officers) {
      const chase: OfficerChase = { unit: unit.name, officer: officer.name, platform: officer.platform, userId: officer.userId, via: 'direct', result: 'done' }
      report.officers.push(chase)
      if (!from.isDirect && from.channelId && officer.platform === from.platform) {
        chase.via = 'group'
        here.push(chase)
        continue
      }
      if (attempted) await delivery.pause(officer.platform)
      chase.result = await delivery.sendOnce({
        key: `${prefix}:${officer.platform}:private:${officer.userId}`,
        kind: 'chase',
        item: `${unit.name}（${officer.name}）`,
        date,
        platform: officer.platform,
        userId: officer.userId,
        content: text(ctx, 'direct', { unit: unit.name, period }),
        retryNow: true,
      }, now)
      attempted = ['sent', 'failed', 'unknown'].includes(chase.result)
      if (chase.result === 'sent') reached.add(unit.name)
    }
  }
  if (here.length) {
    report.group = await delivery.sendOnce({
      key: `${prefix}:${from.platform}:group:${from.channelId}`,
      kind: 'chase',
      item: period,
      date,
      platform: from.platform,
      channelId: from.channelId,
      guildId: from.guildId,
      content: [text(ctx, 'mention', { period }), ' ', ...here.flatMap(officer => [h.at(officer.userId, { name: officer.officer }), ' '])],
      retryNow: true,
      session: from.session,
    }, now)
    for (const chase of here) {
      chase.result = report.group
      if (chase.result === 'sent') reached.add(chase.unit)
    }
  }
  report.chased = reached.size
  return report
}

/** The reply to 催报: what was sent now, what was already sent today, and what could not be. */
function renderChase(s: Session, report: ChaseReport) {
  if (!report.silent) return s.text('.nothing', { period: report.period })
  const named = (results: OnceResult[]) => report.officers.filter(o => results.includes(o.result)).map(o => `${o.unit}（${o.officer}）`).join('、')
  const direct = report.officers.filter(o => o.via === 'direct' && o.result === 'sent').length
  const already = named(['done'])
  const lines: string[] = []
  if (report.chased || !already) {
    lines.push(s.text('.summary', { reached: report.chased, direct: direct ? s.text('.direct-count', [direct]) : '' }))
  }
  if (already) lines.push(report.chased ? s.text('.already-some', [already]) : s.text('.already-all', { period: report.period, officers: already }))
  if (report.unreachable.length) lines.push(s.text('.unreachable', [report.unreachable.join('、')]))
  const busy = named(['busy'])
  if (busy) lines.push(s.text('.busy', [busy]))
  const failed = report.officers.filter(o => o.via === 'direct' && ['failed', 'later', 'no-bot'].includes(o.result))
  if (failed.length) lines.push(s.text('.failed', [failed.map(o => `${o.unit}（${o.officer}）`).join('、')]))
  const unknown = report.officers.filter(o => o.via === 'direct' && o.result === 'unknown')
  if (unknown.length) lines.push(s.text('.unknown', [unknown.map(o => `${o.unit}（${o.officer}）`).join('、')]))
  if (report.group && ['failed', 'later', 'no-bot', 'unknown'].includes(report.group)) lines.push(s.text(`.mention-${report.group === 'unknown' ? 'unknown' : 'failed'}`))
  return lines.join('\n')
}
