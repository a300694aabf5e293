import { Session } from 'koishi'
import { ReportFields } from '../../../src/reports/fields'
import { formatAmount } from '../../../src/text/amount'
import { Problem } from './field-input'
import { Report } from './models'


/** `已登记 #128｜城关镇｜2026-12-04｜宪法｜300人次｜500份｜📎2` */
export function receipt(session: Session, report: Report, unit: string) {
  const line = session.text('pufa-reports.receipt.line', {
    id: report.id,
    unit,
    date: report.date,
    theme: report.theme || session.text('pufa-reports.receipt.no-theme'),
    participants: formatAmount(report.participants),
    materials: formatAmount(report.materials),
  })
  return report.photos.length ? `${line}｜${session.text('pufa-reports.receipt.photos', [report.photos.length])}` : line
}

export const FIELD_ORDER = ['title', 'date', 'place', 'participants', 'materials', 'theme', 'form', 'keyDate'] as const

/** One line per field, as the officer typed or the bot understood it. */
export function fieldLines(session: Session, fields: { [K in keyof ReportFields]?: string | number } & { unit?: string; photos?: number }, keyDateName?: string) {
  const empty = session.text('pufa-reports.field-empty')
  const values: Record<string, string | number> = {}
  for (const field of FIELD_ORDER) {
    let value: string | number | undefined = field === 'keyDate' ? keyDateName : fields[field]
    if (field === 'participants' && value !== undefined) value = session.text('pufa-reports.receipt.participants', [formatAmount(Number(value))])
    if (field === 'materials' && value !== undefined) value = session.text('pufa-reports.receipt.materials', [formatAmount(Number(value))])
    values[field] = value === undefined || value === '' ? empty : value
  }
  return [
    ...fields.unit ? [session.text('pufa-reports.unit-line', [fields.unit])] : [],
    ...session.text('pufa-reports.field-lines', values).split('\n'),
    ...fields.photos ? [session.text('pufa-reports.photos-line', [fields.photos])] : [],
  ]
}

/** A field problem as the officer reads it: what is wrong and what to write instead. */
export function problemText(session: Session, problem: Problem) {
  const { suggestion, ...params } = problem.params ?? {}
  return session.text(`pufa-reports.problem.${problem.code}`, {
    field: session.text(`pufa-reports.field.${problem.field}`),
    ...params,
    suggestion: session.text(suggestion ? 'pufa-reports.problem.suggestion' : 'pufa-reports.problem.no-suggestion', [suggestion]),
  })
}

/** “没有找到单位…”, with the closest name when there is one. */
export function unknownUnit(session: Session, unknown: { name: string; suggestion: string }) {
  return session.text('pufa-reports.unknown-unit', { name: unknown.name, suggestion: unknown.suggestion || '。' })
}
