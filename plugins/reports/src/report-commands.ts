import { Command, Context, Session } from 'koishi'
import { accountOf } from '../../roles/src'
import { formWords, inferForm, inferTheme, normalizeText, ProblemCode, ReportFields } from '../../../src/reports/fields'
import { parseParagraph } from '../../../src/reports/parse'
import { formatAmount } from '../../../src/text/amount'
import { formatShanghai, shanghaiDate } from '../../../src/time/shanghai'
import { Config } from './config'
import { acceptAnyWord } from './free-text'
import { keyDateFor, Problem, readField } from './field-input'
import { INPUT_LIMITS, limitInput } from './input-limits'
import { ReportFlow } from './flow'
import { escapeQuotes } from './quotes'
import { Report, ReportAudit } from './models'
import { savePhotos, withoutImages } from './photos'
import { fieldLines, problemText, receipt, unknownUnit } from './render'
import { Role, UnknownUnit } from './service'

const FIELD_OPTIONS = ['date', 'place', 'participants', 'materials', 'theme', 'form', 'keyDate'] as const
type FieldOption = (typeof FIELD_OPTIONS)[number]
type Options = Partial<Record<FieldOption | 'unit', string>>

/** The report fields as options, the same letters for 报送 and 报送 修改. */
function withFieldOptions<C extends Command>(command: C) {
  return command
    .option('date', '-d <date:string>')
    .option('place', '-l <place:string>')
    .option('participants', '-p <count:string>')
    .option('materials', '-m <count:string>')
    .option('theme', '-t <theme:string>')
    .option('form', '-k <form:string>')
    .option('keyDate', '-n <keyDate:string>')
}

const SUBCOMMANDS = /^(列表|查看|修改|撤回|帮助)(?=\s|$)/
const LIST_LIMIT = 10
const CONTENT_CODES = new Set<ProblemCode>(['emoji', 'markup', 'sql'])

/**
 * A pasted paragraph as typed, line breaks and all: Koishi splits its words at line breaks
 * too, and a form pasted one label a line is read line by line. Undefined when an option
 * (-u) is among the words, which then are the text.
 */
function typedText(session: Session, options: Options): string | undefined {
  if (options.unit !== undefined) return
  const match = /^\s*\/?(?:报送|pufa\.report)(?:\s+|$)/.exec(session.stripped.content ?? '')
  return match ? withoutImages(session.stripped.content.slice(match[0].length)) : undefined
}

/** The unit's name when it is the sender's own (the role has it), else '' to be looked up. */
function ownUnitName(role: Role, unitId: number) {
  return role.kind === 'officer' && role.unit.id === unitId ? role.unit.name : ''
}

function withoutEmpty(fields: ReportFields): ReportFields {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined))
}

export function registerReports(ctx: Context, config: Config, flow: ReportFlow) {
  const reports = ctx.pufaReports

  /** The unit a report goes to, or the reply saying why the sender cannot report. */
  async function unitFor(session: Session, role: Role, unitName?: string): Promise<number | string> {
    if (role.kind === 'member') return session.text('pufa-reports.not-officer')
    if (unitName) {
      const unit = await reports.findUnit(unitName)
      if (unit instanceof UnknownUnit) return unknownUnit(session, unit)
      if (role.kind !== 'admin' && unit.id !== role.unit.id) return session.text('pufa-reports.other-unit', [role.unit.name])
      return unit.id
    }
    if (role.kind === 'officer') return role.unit.id
    if (role.officer) return role.officer.unitId
    return session.text('pufa-reports.admin-needs-unit')
  }

  /** Reads the field options; the first problem found is returned instead. */
  function optionFields(options: Options, today: string): { fields: ReportFields } | { problem: Problem } {
    const fields: ReportFields = {}
    for (const key of FIELD_OPTIONS) {
      const raw = options[key]
      if (raw === undefined) continue
      const result = readField(ctx, key, String(raw), today)
      if ('problem' in result) return result
      Object.assign(fields, { [key]: result.value })
    }
    return { fields }
  }

  // Words, not one greedy text argument: options may follow the title (`报送 宪法宣讲 -d 12月4日`).
  // Strict options: a word that starts with '-' but is none of ours (`-5e-324!!!h`, `-3℃`) is
  // text. Otherwise Koishi reads it as a bundle of one-letter flags, and an `h` among them
  // answers with the help page instead of the report.
  const report = limitInput(withFieldOptions(ctx.command('报送 [...words:string]', { strictOptions: true })), { text: INPUT_LIMITS.text })
    .alias('pufa-report')
    .userFields(['id', 'authority'])
    .option('unit', '-u <unit:string>')
    .action(async ({ session, options }, ...words) => {
      // Pictures sent with the report come among the words; they are photos, not part of the title.
      const text = words.map(withoutImages).filter(Boolean).join(' ')
      // `报送 列表` and the like: the parent takes a free-text argument, so dispatch by hand.
      const sub = SUBCOMMANDS.exec(text)
      if (sub) return session!.execute(escapeQuotes(`报送.${session!.stripped.content.replace(/^\S+\s+/, '')}`))
      const role = await reports.role(session!)
      const unitId = await unitFor(session!, role, options!.unit)
      if (typeof unitId === 'string') return unitId
      const today = flow.today()
      const parsedOptions = optionFields(options as Options, today)
      if ('problem' in parsedOptions) return problemText(session!, parsedOptions.problem)
      const given = parsedOptions.fields

      if (Object.keys(given).length) {
        // One line with options: the text is the title, today unless -d says otherwise.
        const title = normalizeText(text).replace(/\n+/g, ' ') || undefined
        // Theme and form as the title names them, unless -t or -k says otherwise.
        const inferred: ReportFields = title ? { theme: inferTheme([title], ctx.pufaContent.library), form: inferForm([title]) } : {}
        const fields: ReportFields = { title, date: today, ...withoutEmpty(inferred), ...given }
        const problems = flow.problems(fields)
        if (problems.length) return problems.map(problem => problemText(session!, problem)).join('\n')
        // Pictures are stored only for a report that will be written.
        const photos = await savePhotos(ctx, config, session!)
        // Saved straight away there would be no way to add the refused picture later: nothing is written.
        if (photos.problems.length) return [...photos.problems, session!.text('pufa-reports.photo.not-registered')].join('\n')
        const duplicate = await flow.recentDuplicate(unitId, fields)
        if (duplicate) return flow.askDuplicate(session!, { unitId, fields, photos: photos.saved, source: 'line' }, duplicate)
        // A dialogue left unfinished stays for the next 报送; this report does not replace it.
        return flow.save(session!, { unitId, fields, photos: photos.saved, source: 'line' }, { keepDraft: true, unitName: ownUnitName(role, unitId) })
      }

      const photos = await savePhotos(ctx, config, session!)
      const notes = photos.problems
      if (!text) {
        const draft = await flow.draft(session!)
        if (draft) return flow.offerResume(session!, draft)
        return [...notes, await flow.startDialogue(session!, unitId, photos.saved)].join('\n')
      }
      const parsed = parseParagraph(typedText(session!, options as Options) ?? text, { today, library: ctx.pufaContent.library })
      // Emoji, markup or code anywhere: nothing to confirm, the message is to be sent again.
      const refused = parsed.problems.filter(problem => CONTENT_CODES.has(problem.code))
      if (refused.length) return [...notes, ...refused.map(problem => problemText(session!, problem)), session!.text('pufa-reports.resend')].join('\n')
      // What the text said but could not be read (1e9人); the summary lists the fields' own problems.
      const unread = parsed.problems.filter(problem => !(problem.field in parsed.fields))
      return [...notes, ...unread.map(problem => problemText(session!, problem)), await flow.confirmParsed(session!, unitId, parsed.fields, photos.saved, ownUnitName(role, unitId))].join('\n')
    })

  /** The report if the sender may see it, else the reply saying why not. */
  async function reportFor(session: Session, id: number | undefined): Promise<{ report: Report; role: Role } | string> {
    if (!id) return session.text('pufa-reports.missing-id')
    const role = await reports.role(session as Session<'id' | 'authority'>)
    if (role.kind === 'member') return session.text('pufa-reports.not-officer')
    const [report] = await ctx.database.get('pufa_report', { id })
    if (!report) return session.text('pufa-reports.no-report', [id])
    if (role.kind === 'officer' && report.unitId !== role.unit.id) return session.text('pufa-reports.not-your-report', [id])
    return { report, role }
  }

  acceptAnyWord(report)

  limitInput(ctx.command('报送.列表'))
    .alias('我的报送')
    .userFields(['id', 'authority'])
    .option('unit', '-u <unit:string>')
    .action(async ({ session, options }) => {
      const role = await reports.role(session!)
      if (role.kind === 'member') return session!.text('pufa-reports.not-officer')
      let unitId: number | undefined
      if (options!.unit) {
        const result = await unitFor(session!, role, options!.unit)
        if (typeof result === 'string') return result
        unitId = result
      } else if (role.kind === 'officer') {
        unitId = role.unit.id
      }
      const rows = await ctx.database.get('pufa_report', unitId ? { unitId } : {}, { sort: { id: 'desc' }, limit: LIST_LIMIT })
      if (!rows.length) return session!.text('.empty')
      const units = new Map((await ctx.database.get('pufa_unit', {})).map(unit => [unit.id, unit.name]))
      const lines = rows.map(report => session!.text(report.status === 'withdrawn' ? '.line-withdrawn' : '.line', {
        id: report.id,
        date: report.date,
        unit: units.get(report.unitId),
        title: report.title,
        participants: formatAmount(report.participants),
        materials: formatAmount(report.materials),
        photos: report.photos.length ? session!.text('pufa-reports.receipt.photos', [report.photos.length]) : '',
      }))
      return [session!.text('.header', [rows.length]), ...lines].join('\n')
    })

  ctx.command('报送.查看 <id:posint>')
    .userFields(['id', 'authority'])
    .action(async ({ session }, id) => {
      const found = await reportFor(session!, id)
      if (typeof found === 'string') return found
      const { report } = found
      const unit = await reports.unitName(report.unitId)
      const history = await ctx.database.get('pufa_report_audit', { reportId: report.id }, { sort: { id: 'asc' } })
      const keyDate = report.keyDate ? ctx.pufaContent.calendar.get(report.keyDate)?.name : undefined
      return [
        session!.text('.header', [report.id]) + (report.status === 'withdrawn' ? session!.text('.withdrawn') : ''),
        ...fieldLines(session!, { ...report, unit, photos: report.photos.length }, keyDate),
        ...report.photosExpiredAt ? [session!.text('pufa-reports.photo.expired', [shanghaiDate(report.photosExpiredAt)])] : [],
        ...await historyLines(session!, history),
      ].join('\n')
    })

  ctx.command('报送.帮助')
    .action(({ session }) => {
      const library = ctx.pufaContent.library
      const forms = formWords().map(([form, words]) => words.length ? session!.text('.form-words', [form, words.join('、')]) : form)
      const keyDates = library.calendar.entries.filter(entry => entry.core).map(entry => entry.name)
      return [
        session!.text('.forms', [forms.length]), forms.join('；'),
        session!.text('.themes', [library.themes.size]), [...library.themes.keys()].join('、'),
        session!.text('.key-dates', [keyDates.length]), keyDates.join('、'),
      ].join('\n')
    })

  limitInput(withFieldOptions(ctx.command('报送.修改 <id:posint>')))
    .userFields(['id', 'authority'])
    .option('title', '-T <title:string>')
    .action(async ({ session, options }, id) => {
      const found = await reportFor(session!, id)
      if (typeof found === 'string') return found
      const { report } = found
      if (report.status === 'withdrawn') return session!.text('.withdrawn', [report.id])
      const today = flow.today()
      const changes: ReportFields = {}
      for (const key of ['title', ...FIELD_OPTIONS] as const) {
        const raw = (options as Options & { title?: string })[key]
        if (raw === undefined) continue
        const result = readField(ctx, key, String(raw), today)
        if ('problem' in result) return problemText(session!, result.problem)
        Object.assign(changes, { [key]: result.value })
      }
      if (!Object.keys(changes).length) return session!.text('.nothing')
      const fields = { ...reportFields(report), ...changes }
      const problems = flow.problems(fields)
      if (problems.length) return problems.map(problem => problemText(session!, problem)).join('\n')
      // A new date, theme or title moves the report to the key date they point to, unless -n says which.
      const moved = changes.date || changes.theme || changes.title
      const keyDate = changes.keyDate ?? (moved ? keyDateFor(ctx, { ...fields, keyDate: undefined }) ?? '' : report.keyDate)
      const updated = await reports.audit('edit', accountOf(session!), report, async (db) => {
        const next = { ...report, ...changes, keyDate, updatedAt: new Date() }
        await db.set('pufa_report', { id: report.id }, { ...changes, keyDate, updatedAt: next.updatedAt })
        return next
      })
      return [session!.text('.done', [report.id]), receipt(session!, updated, await reports.unitName(updated.unitId))].join('\n')
    })

  ctx.command('报送.撤回 <id:posint>')
    .userFields(['id', 'authority'])
    .action(async ({ session }, id) => {
      const found = await reportFor(session!, id)
      if (typeof found === 'string') return found
      const { report } = found
      if (report.status === 'withdrawn') return session!.text('.already', [report.id])
      await reports.audit('withdraw', accountOf(session!), report, async (db) => {
        const next = { ...report, status: 'withdrawn' as const, updatedAt: new Date() }
        await db.set('pufa_report', { id: report.id }, { status: 'withdrawn', updatedAt: next.updatedAt })
        return next
      })
      return session!.text('.done', [report.id])
    })
}

/** A stored report's fields; an optional field left empty ('') is absent, not an empty value to refuse. */
function reportFields(report: Report): ReportFields {
  const { title, date, place, participants, materials, theme, form, keyDate } = report
  return {
    title,
    date,
    place: place || undefined,
    participants,
    materials,
    theme: theme || undefined,
    form: (form || undefined) as ReportFields['form'],
    keyDate: keyDate || undefined,
  }
}

const CHANGED_FIELDS = ['title', 'date', 'place', 'participants', 'materials', 'theme', 'form', 'keyDate'] as const

/** Who did what to a report and when, by name (the officer's, else the account's user), with each change. */
async function historyLines(session: Session, history: ReportAudit[]) {
  const ctx = session.app
  const officers = await ctx.database.get('pufa_officer', {}, ['platform', 'userId', 'name'])
  const names = new Map(officers.filter(officer => officer.name).map(officer => [`${officer.platform}:${officer.userId}`, officer.name]))
  const show = (field: typeof CHANGED_FIELDS[number], value: unknown) => {
    if (value === '' || value === undefined || value === null) return session.text('pufa-reports.field-empty')
    if (field === 'keyDate') return ctx.pufaContent.calendar.get(String(value))?.name ?? String(value)
    if (field === 'participants') return session.text('pufa-reports.receipt.participants', [formatAmount(Number(value))])
    if (field === 'materials') return session.text('pufa-reports.receipt.materials', [formatAmount(Number(value))])
    return String(value)
  }
  return history.map((entry) => {
    const by = names.get(entry.by) ?? entry.by.slice(entry.by.lastIndexOf(':') + 1)
    const line = session.text(`commands.报送.查看.messages.history-${entry.action}`, { by, at: formatShanghai(entry.at) })
    if (entry.action !== 'edit' || !entry.before || !entry.after) return line
    const changes = CHANGED_FIELDS
      .filter(field => (entry.before![field] ?? '') !== (entry.after![field] ?? ''))
      .map(field => session.text('pufa-reports.change', [session.text(`pufa-reports.field.${field}`), show(field, entry.before![field]), show(field, entry.after![field])]))
    return changes.length ? `${line}：${changes.join('；')}` : line
  })
}
