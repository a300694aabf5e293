import { Context } from 'koishi'
import {
  FieldProblem, inferForm, inferTheme, normalizeText, parseCount, parseReportDate, ReportFields, resolveForm, resolveTheme, validateFields,
} from '../../../src/reports/fields'
import { inferKeyDate } from '../../../src/reports/parse'
import { LocalDate } from '../../../src/time/local-date'

/** A problem found by this plugin rather than by the field parsers. */
export type Problem = FieldProblem | { field: keyof ReportFields; code: 'missing' | 'key-date-unknown' | 'count-negative'; params?: Record<string, string | number> }

export type FieldValue = { value: string | number } | { problem: Problem }

/**
 * One field as an officer typed it (an option, a correction or a dialogue answer),
 * parsed and checked. With `infer`, theme and form are guessed from free text (a title).
 */
export function readField(ctx: Context, field: keyof ReportFields, text: string, today: LocalDate, { infer = false } = {}): FieldValue {
  const library = ctx.pufaContent.library
  // An option given without a value (`-t`) is a missing field, not an unknown one.
  if (!normalizeText(text)) return { problem: { field, code: 'missing' } }
  const checked = (fields: ReportFields, value: string | number): FieldValue => {
    const [problem] = validateFields(fields, today)
    return problem ? { problem } : { value }
  }
  switch (field) {
    case 'title':
    case 'place': {
      // Stored as checked: invisible characters dropped, one line.
      const value = normalizeText(text).replace(/\n+/g, ' ')
      return checked({ [field]: value }, value)
    }
    case 'date': {
      const parsed = parseReportDate(text, today)
      return parsed.ok ? { value: parsed.value } : { problem: parsed.problem }
    }
    case 'participants':
    case 'materials': {
      if (/^\s*[-－负]/.test(text)) return { problem: { field, code: 'count-negative' } }
      const value = parseCount(text)
      if (value === undefined) return { problem: { field, code: 'count-invalid', params: { input: text.trim() } } }
      const result = checked({ [field]: value }, value)
      // Quote an absurd count as typed (99999999999999999999), not as 1e+20.
      if ('problem' in result && result.problem.code === 'count-absurd') result.problem.params = { ...result.problem.params, value: text.trim() }
      return result
    }
    case 'theme': {
      if (infer) {
        const guess = inferTheme([text], library)
        return guess ? { value: guess } : { problem: { field, code: 'theme-unknown', params: { input: text } } }
      }
      const parsed = resolveTheme(text, library)
      return parsed.ok ? { value: parsed.value } : { problem: parsed.problem }
    }
    case 'form': {
      if (infer) {
        const guess = inferForm([text])
        return guess ? { value: guess } : { problem: { field, code: 'form-unknown', params: { input: text } } }
      }
      const parsed = resolveForm(text)
      return parsed.ok ? { value: parsed.value } : { problem: parsed.problem }
    }
    case 'keyDate': {
      const input = normalizeText(text)
      // 无: the report belongs to no key date, whatever its date and theme.
      if (NO_KEY_DATE.test(input)) return { value: '' }
      const entry = library.calendar.entries.find(e => e.id === input || e.name === input || e.label === input)
      return entry ? { value: entry.id } : { problem: { field, code: 'key-date-unknown', params: { input } } }
    }
  }
}

const NO_KEY_DATE = /^(?:无|没有|不属于|不算|清除|清空|不要|none)$/i

/**
 * The key date a report belongs to: the one the officer chose ('' for none), else the one
 * its date, theme and title point to, if any.
 */
export function keyDateFor(ctx: Context, fields: ReportFields): string | undefined {
  if (fields.keyDate !== undefined) return fields.keyDate
  if (!fields.date) return
  return inferKeyDate(fields.date, fields.theme, ctx.pufaContent.library, fields.title)
}
