/**
 * A quiz question rests on one tip's article: its explanation is the tip's verified quote,
 * verbatim, and its answer is read off that quote.
 *
 * - `blank`: a sentence of the quote with a number left out; which number is right?
 * - `source`: the quote; which law is it from?
 * - `judge-blank`: a sentence of the quote with the right or a wrong number; true or false?
 * - `judge-source`: the quote said to be from the right or a wrong law; true or false?
 */
export type QuestionForm = 'blank' | 'source' | 'judge-blank' | 'judge-source'

export interface Question {
  /** The tip's id: one question per tip. */
  id: string
  form: QuestionForm
  law: string
  article: string
  /**
   * What is shown: the sentence with BLANK where the number was (`blank`), the sentence
   * as claimed (`judge-blank`), or the quote (`source`, `judge-source`).
   */
  text: string
  /** `judge-source`: the law the quote is said to be from. */
  claimedLaw?: string
  /**
   * Choices in their plain order (numbers ascending, laws by name); `judge-*`: 对, 错.
   * Each person sees them in an order of their own.
   */
  options: string[]
  /** Index of the right option in `options`. */
  answer: number
  /** The tip's verified quote of the article, verbatim. */
  quote: string
  /**
   * What the answer is checked against. `blank`/`judge-blank`: the sentence with each
   * candidate number put in; `source`/`judge-source`: the laws offered.
   */
  fills: string[]
  /** Index in `fills` of what the article says: its own sentence, its own law. */
  fact: number
}

/** Marks the gap in a `blank` question's sentence. */
export const BLANK = '（　　）'

export const JUDGE_OPTIONS = ['对', '错']

export function isJudge(question: Pick<Question, 'form'>) {
  return question.form === 'judge-blank' || question.form === 'judge-source'
}
