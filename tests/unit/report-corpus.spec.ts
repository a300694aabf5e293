import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { loadLibrary } from '../../src/content/library'
import { parseCount, parseReportDate, ReportFields, resolveForm, resolveTheme } from '../../src/reports/fields'
import { parseParagraph } from '../../src/reports/parse'

/**
 * Reports as liaison officers write them (tests/fixtures/report-corpus.yml), each with
 * every field it must give and nothing else. Every one must parse exactly: a parser
 * change that gets one wrong is a wrong figure in some county's ledger.
 */
type Entry =
  | { kind: 'paragraph'; text: string; today?: string; fields: ReportFields; problems?: string[] }
  | { kind: 'count' | 'date' | 'theme' | 'form'; text: string; today?: string; value?: string | number; problem?: string }

const library = loadLibrary(resolve(__dirname, '../../config'))
const corpus: Entry[] = parseYaml(readFileSync(resolve(__dirname, '../fixtures/report-corpus.yml'), 'utf8'))
const TODAY = '2026-12-10'

describe('the report corpus', () => {
  it('holds at least 300 reports and answers', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300)
  })

  const paragraphs = corpus.filter(entry => entry.kind === 'paragraph')
  it.each(paragraphs.map(entry => [entry.text, entry] as const))('%s', (text, entry) => {
    const { fields, problems } = parseParagraph(text, { today: entry.today ?? TODAY, library })
    expect(fields).toStrictEqual(entry.fields)
    expect(problems.map(problem => problem.code)).toEqual(entry.problems ?? [])
  })

  const answers = corpus.filter(entry => entry.kind !== 'paragraph')
  it.each(answers.map(entry => [`${entry.kind}: ${entry.text}`, entry] as const))('%s', (_, entry) => {
    const today = entry.today ?? TODAY
    const read = (): { value?: string | number; problem?: string } => {
      switch (entry.kind) {
        case 'count': {
          const value = parseCount(entry.text)
          return value === undefined ? { problem: 'count-invalid' } : { value }
        }
        case 'date': {
          const parsed = parseReportDate(entry.text, today)
          return parsed.ok ? { value: parsed.value } : { problem: parsed.problem.code }
        }
        case 'theme': {
          const parsed = resolveTheme(entry.text, library)
          return parsed.ok ? { value: parsed.value } : { problem: parsed.problem.code }
        }
        case 'form': {
          const parsed = resolveForm(entry.text)
          return parsed.ok ? { value: parsed.value } : { problem: parsed.problem.code }
        }
        default:
          throw new Error(`unknown kind ${(entry as Entry).kind}`)
      }
    }
    const expected = entry.problem ? { problem: entry.problem } : { value: entry.value }
    expect(read()).toEqual(expected)
  })
})
