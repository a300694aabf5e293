import { Library } from '../content/library'
import { Tip } from '../content/schema'
import { chineseNumber, parseChineseNumber } from '../statutes/numerals'
import { BLANK, JUDGE_OPTIONS, Question } from './question'
import { hashText, seededShuffle } from './seed'

/** A number with the unit it counts: 八周岁, 十五日, 三年. 第X条 and the like are not matched. */
const AMOUNT = /(?<![第之])([一二两三四五六七八九十百千]+)(?=周岁|日|个月|年|天|小时|元|倍|次|人|周)/

/** A sentence of the quote: up to and including 。；！？ */
function sentences(quote: string): string[] {
  return quote.match(/[^。；！？]+[。；！？]?/g) ?? [quote]
}

/** Three wrong amounts near the right one, in a fixed order. */
function wrongAmounts(value: number): number[] {
  const candidates = [value * 2, Math.floor(value / 2), value * 3, value + 1, value + 2, value + 3, value + 4]
  const out: number[] = []
  for (const n of candidates) {
    if (n >= 1 && n <= 9999 && n !== value && !out.includes(n)) out.push(n)
    if (out.length === 3) break
  }
  return out
}

function amountQuestion(tip: Tip & { quote: string }, judge: boolean): Question | undefined {
  for (const sentence of sentences(tip.quote)) {
    const match = AMOUNT.exec(sentence)
    const value = match && parseChineseNumber(match[1])
    if (!match || !value) continue
    const before = sentence.slice(0, match.index), after = sentence.slice(match.index + match[1].length)
    const values = [value, ...wrongAmounts(value)].sort((a, b) => a - b)
    // The right number as the article writes it (两, not 二).
    const spell = (n: number) => n === value ? match[1] : chineseNumber(n)
    const options = values.map(spell)
    const fills = options.map(option => before + option + after)
    const fact = values.indexOf(value)
    const base = { id: tip.id, law: tip.law, article: tip.article, quote: tip.quote, fills, fact }
    if (!judge) return { ...base, form: 'blank', text: before + BLANK + after, options, answer: fact }
    // Half of these claim the right number, half the first wrong one.
    const right = hashText(`${tip.id}|claim`) % 2 === 0
    const claimed = right ? value : wrongAmounts(value)[0]
    return {
      ...base,
      form: 'judge-blank',
      text: before + spell(claimed) + after,
      options: JUDGE_OPTIONS,
      answer: right ? 0 : 1,
    }
  }
}

function sourceQuestion(tip: Tip & { quote: string }, laws: string[], judge: boolean): Question | undefined {
  const others = seededShuffle(laws.filter(law => law !== tip.law), `${tip.id}|laws`).slice(0, 3)
  if (others.length < 3) return
  const base = { id: tip.id, law: tip.law, article: tip.article, quote: tip.quote, text: tip.quote }
  if (!judge) {
    const options = [tip.law, ...others].sort()
    const fact = options.indexOf(tip.law)
    return { ...base, form: 'source', options, answer: fact, fills: options, fact }
  }
  const right = hashText(`${tip.id}|claim`) % 2 === 0
  const claimedLaw = right ? tip.law : others[0]
  return { ...base, form: 'judge-source', claimedLaw, options: JUDGE_OPTIONS, answer: right ? 0 : 1, fills: [tip.law, ...others], fact: 0 }
}

/**
 * One question per tip that quotes its article: a number in the quote makes a fill-in or
 * true/false question about it, otherwise the question is which law the quote comes from.
 * Wrong laws are drawn from laws in force that have an official text to check against.
 */
export function buildBank(library: Library): Question[] {
  const laws = [...library.laws.values()].filter(law => law.file && !law.repealed).map(law => law.id).sort()
  const bank: Question[] = []
  for (const tip of library.tips) {
    if (!tip.quote) continue
    const quoted = { ...tip, quote: tip.quote }
    const judge = hashText(`${tip.id}|form`) % 2 === 1
    const question = amountQuestion(quoted, judge) ?? sourceQuestion(quoted, laws, judge)
    if (question) bank.push(question)
  }
  return bank.sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}
