import { Context } from 'koishi'
import { LETTERS } from '../../../src/quiz/answer'
import { isJudge, Question } from '../../../src/quiz/question'
import { QuizTimes } from '../../../src/quiz/schedule'
import { percent, UnitStanding } from '../../../src/quiz/standings'
import { formatTimeOfDay } from '../../../src/time/shanghai'

/**
 * Quiz messages from locale strings, for pushes (default locale) and replies (the
 * session's). Results are message strings, joined as strings, never fed back into a template.
 */
export class QuizRenderer {
  constructor(private ctx: Context, private times: QuizTimes, private locales: string[] = ['zh-CN']) {}

  text(path: string, params: object | unknown[] = {}) {
    return this.ctx.i18n.render(this.locales, [`pufa-quiz.${path}`], params).join('')
  }

  /** An option as shown: a law in 《》, anything else as it is. */
  option(question: Question, index: number) {
    const option = question.options[index]
    return question.form === 'source' ? this.text('law', [option]) : option
  }

  /** What is asked, without the options. */
  stem(question: Question) {
    return this.text(`stem.${question.form}`, { law: question.law, article: question.article, text: question.text, claimed: question.claimedLaw })
  }

  /** The day's push: the question with its options unlettered, since each person's letters differ. */
  push(question: Question, date: string) {
    const lines = [this.text('push.header', [date]), this.stem(question)]
    if (!isJudge(question)) lines.push(...question.options.map((_, i) => this.text('push.option', [this.option(question, i)])))
    lines.push(this.text(isJudge(question) ? 'push.how-judge' : 'push.how-choice', this.window))
    return lines.join('\n')
  }

  /** The question with the options in one person's order, lettered. */
  personal(question: Question, order: number[]) {
    const lines = [this.stem(question)]
    if (isJudge(question)) lines.push(this.text('ask.how-judge', this.window))
    else {
      lines.push(...order.map((index, i) => this.text('ask.option', [LETTERS[i], this.option(question, index)])))
      lines.push(this.text('ask.how-choice', this.window))
    }
    return lines.join('\n')
  }

  /** The right answer and the article it rests on, quoted. */
  explanation(question: Question) {
    return [
      this.text('result.answer', [this.option(question, question.answer)]),
      this.text('result.basis', { law: question.law, article: question.article, quote: question.quote }),
    ].join('\n')
  }

  ranking(rows: UnitStanding[], limit: number) {
    const shown = rows.filter(row => row.people).slice(0, limit)
    const lines = shown.map((row, i) => this.text('ranking.line', {
      rank: i + 1,
      name: row.name,
      people: row.people,
      participation: percent(row.participation),
      accuracy: row.answers ? percent(row.accuracy) : this.text('ranking.no-answers'),
      streak: row.streak,
    }))
    const empty = rows.filter(row => !row.people).length
    if (rows.length - empty > shown.length) lines.push(this.text('ranking.more', [rows.length - empty - shown.length]))
    if (empty) lines.push(this.text('ranking.empty-units', [empty]))
    return lines.join('\n')
  }

  get window() {
    return { opens: formatTimeOfDay(this.times.opensAt), closes: formatTimeOfDay(this.times.closesAt) }
  }
}
