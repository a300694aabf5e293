import { isJudge, Question } from './question'
import { seededShuffle } from './seed'

export const LETTERS = 'ABCDEFGH'

/**
 * The order one person sees the options in (indexes into `options`): shuffled from the
 * person and the question, so asking again shows the same letters. 对 and 错 keep theirs.
 */
export function personalOrder(question: Question, person: string): number[] {
  const plain = question.options.map((_, i) => i)
  return isJudge(question) ? plain : seededShuffle(plain, `${person}|${question.id}`)
}

const TRUE_WORDS = new Set(['对', '正确', '是', '√', '✓', 'T', 'TRUE', 'Y'])
const FALSE_WORDS = new Set(['错', '错误', '不对', '否', '×', '✗', 'X', 'F', 'FALSE', 'N'])

/**
 * The option (index into `options`) a person's answer names: a letter as they were shown,
 * the option's own words, or for true/false 对/错 and their usual spellings.
 */
export function readAnswer(question: Question, person: string, typed: string): number | undefined {
  const text = typed.normalize('NFKC').trim().replace(/^[(（【\[《「“]+|[)）】\]》」”.。]+$/g, '').toUpperCase()
  if (!text) return
  if (isJudge(question)) {
    if (TRUE_WORDS.has(text) || text === 'A') return 0
    if (FALSE_WORDS.has(text) || text === 'B') return 1
    return
  }
  const order = personalOrder(question, person)
  if (text.length === 1 && LETTERS.includes(text)) return order[LETTERS.indexOf(text)]
  const index = question.options.indexOf(text)
  return index >= 0 ? index : undefined
}
