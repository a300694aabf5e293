import { Context, Session } from 'koishi'
import { DutyProgress, dutiesFor, nextDue, target } from '../../../src/duties/progress'
import { DutyYear } from '../../../src/duties/schema'
import { shanghaiDate } from '../../../src/time/shanghai'
import { accountOf } from '../../roles/src'
import { Unit } from '../../reports/src/models'
import { UnknownUnit } from '../../reports/src/service'
import { unknownUnit } from '../../reports/src/render'
import { unitProgress, UnitProgress } from './progress'

const COUNTY_LINES = 30

/** `12-10` → 12月10日, through the locale. */
function dayText(session: Session, date: string) {
  const [, month, day] = date.split('-').map(Number)
  return session.text('pufa-duties.day', [month, day])
}

function dutyLine(session: Session, p: DutyProgress, today: string) {
  const due = dayText(session, p.due)
  if (!p.duty.measure) {
    return session.text(`pufa-duties.line.marked-${p.state === 'done' ? 'done' : p.state === 'overdue' ? 'overdue' : 'open'}`, { title: p.duty.title, due, id: p.duty.id })
  }
  const unit = session.text(`pufa-duties.unit.${target(p.duty.measure).metric}`)
  const params = { title: p.duty.title, done: p.done, target: p.target, unit, expected: p.expected, due }
  if (p.state === 'on-track' && p.due < today) return session.text('pufa-duties.line.done', params)
  return session.text(`pufa-duties.line.${p.state}`, params)
}

function unitReply(session: Session, result: UnitProgress, year: number, today: string) {
  const { unit, progress } = result
  const count = (state: DutyProgress['state']) => progress.filter(p => p.state === state).length
  const lines = [session.text('pufa-duties.unit-header', {
    unit: unit.name,
    year,
    today: dayText(session, today),
    done: count('done'),
    total: progress.length,
    behind: count('behind') + count('overdue'),
  })]
  for (const p of progress) lines.push(dutyLine(session, p, today))
  const next = nextDue(progress, today)
  if (next) lines.push(session.text('pufa-duties.next', [dayText(session, next.due), next.duty.title]))
  return lines.join('\n')
}

/** `[单位] [年度]` in either order. */
export function readWords(words: string[]) {
  const year = words.find(word => /^\d{4}年?$/.test(word))
  const unit = words.filter(word => word !== year).join(' ').trim()
  return { year: year ? Number(year.slice(0, 4)) : undefined, unit: unit || undefined }
}

export function registerCommands(ctx: Context, years: DutyYear[]) {
  const reports = ctx.pufaReports
  const listFor = (session: Session, year: number) => years.find(y => y.year === year)
    ?? session.text('pufa-duties.no-year', [year, years.map(y => y.year).join('、') || session.text('pufa-duties.none')])

  ctx.command('清单 [...words:string]').alias('duties')
    .userFields(['id', 'authority'])
    .action(async ({ session }, ...words) => {
      // `清单 完成 …`: the parent takes free words, so its subcommands are dispatched by hand.
      if (/^(完成|撤销)$/.test(words[0] ?? '')) return session!.execute(`清单.${session!.stripped.content.replace(/^\S+\s+/, '')}`)
      const role = await reports.role(session!)
      if (role.kind === 'member') return session!.text('pufa-duties.not-allowed')
      const asked = readWords(words)
      const today = shanghaiDate(new Date())
      const year = asked.year ?? Number(today.slice(0, 4))
      const list = listFor(session!, year)
      if (typeof list === 'string') return list
      // A past year is judged as it stood at its end.
      const asOf = today > `${year}-12-31` ? `${year}-12-31` : today
      let unit: Unit | undefined = role.kind === 'officer' ? role.unit : undefined
      if (asked.unit) {
        const found = await reports.findUnit(asked.unit)
        if (found instanceof UnknownUnit) return unknownUnit(session!, found)
        if (role.kind === 'officer' && found.id !== role.unit.id) return session!.text('pufa-duties.own-unit', [role.unit.name])
        unit = found
      }
      if (unit) return unitReply(session!, await unitProgress(ctx, list, unit, asOf), year, asOf)

      const units = await ctx.database.get('pufa_unit', { active: true })
      const results: UnitProgress[] = []
      for (const each of units) results.push(await unitProgress(ctx, list, each, asOf))
      results.sort((a, b) => b.lag - a.lag || a.unit.id - b.unit.id)
      const lines = [session!.text('pufa-duties.county-header', { year, today: dayText(session!, asOf), units: results.length })]
      results.slice(0, COUNTY_LINES).forEach((result, index) => {
        const count = (...states: DutyProgress['state'][]) => result.progress.filter(p => states.includes(p.state)).length
        lines.push(session!.text('pufa-duties.county-line', {
          index: index + 1,
          unit: result.unit.name,
          done: count('done'),
          total: result.progress.length,
          overdue: count('overdue'),
          behind: count('behind'),
        }))
      })
      if (results.length > COUNTY_LINES) lines.push(session!.text('pufa-duties.county-more', [results.length - COUNTY_LINES]))
      lines.push(session!.text('pufa-duties.county-footer'))
      return lines.join('\n')
    })

  /** The unit and the marked duty an admin names, or the reply saying what is wrong. */
  async function markTarget(session: Session, unitName: string, dutyId: string, yearOption?: number) {
    const year = yearOption ?? Number(shanghaiDate(new Date()).slice(0, 4))
    const list = listFor(session, year)
    if (typeof list === 'string') return list
    const unit = await reports.findUnit(unitName)
    if (unit instanceof UnknownUnit) return unknownUnit(session, unit)
    const duties = dutiesFor(list, unit)
    const duty = duties.find(d => d.id === dutyId)
    if (!duty) return session.text('pufa-duties.unknown-duty', [dutyId, unit.name, duties.map(d => d.id).join('、')])
    if (duty.measure) return session.text('pufa-duties.measured', [duty.title])
    return { year, unit, duty }
  }

  ctx.pufaRoles.adminCommand(ctx.command('清单.完成 <unit:string> <duty:string>'))
    .option('report', '-r <id:posint>')
    .option('note', '-m <note:string>')
    .option('year', '-y <year:posint>')
    .action(async ({ session, options }, unitName, dutyId) => {
      if (!unitName || !dutyId) return session!.text('.usage-hint')
      const found = await markTarget(session!, unitName, dutyId, options!.year)
      if (typeof found === 'string') return found
      const note = (options!.note ?? '').normalize('NFKC').trim()
      if (note.length > 200) return session!.text('.note-too-long')
      if (options!.report) {
        const [report] = await ctx.database.get('pufa_report', { id: options!.report, status: 'active' }, ['unitId'])
        if (!report || report.unitId !== found.unit.id) return session!.text('.bad-report', [options!.report, found.unit.name])
      }
      await ctx.database.upsert('pufa_duty_mark', [{
        year: found.year,
        unitId: found.unit.id,
        dutyId: found.duty.id,
        note,
        reportId: options!.report ?? 0,
        by: accountOf(session!),
        at: new Date(),
      }])
      return session!.text('.done', { unit: found.unit.name, title: found.duty.title, year: found.year })
    })

  ctx.pufaRoles.adminCommand(ctx.command('清单.撤销 <unit:string> <duty:string>'))
    .option('year', '-y <year:posint>')
    .action(async ({ session, options }, unitName, dutyId) => {
      if (!unitName || !dutyId) return session!.text('.usage-hint')
      const found = await markTarget(session!, unitName, dutyId, options!.year)
      if (typeof found === 'string') return found
      const { removed } = await ctx.database.remove('pufa_duty_mark', { year: found.year, unitId: found.unit.id, dutyId: found.duty.id })
      return session!.text(removed ? '.done' : '.not-marked', { unit: found.unit.name, title: found.duty.title })
    })
}
