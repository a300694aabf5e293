import { statuteArticles } from '../content/check'
import { Library } from '../content/library'
import { normalise } from '../content/statutes'
import { BLANK, JUDGE_OPTIONS, Question } from './question'

export interface QuizProblem {
  id: string
  message: string
}

const inside = (text: string, part: string) => normalise(text).includes(normalise(part))

/** Whether the question's right option is what its `fact` says. */
function answerFollowsFact(question: Question): boolean {
  const fact = question.fills[question.fact]
  switch (question.form) {
    case 'blank': return question.answer === question.fact
    case 'source': return question.options[question.answer] === fact
    case 'judge-blank': return question.fills.includes(question.text) && (question.text === fact) === (question.answer === 0)
    case 'judge-source': return question.fills.includes(question.claimedLaw!) && (question.claimedLaw === fact) === (question.answer === 0)
  }
}

/**
 * Checks, without statute texts, that a question rests on its tip's article: it cites the
 * tip's law and article, explains with the tip's verified quote verbatim, its right answer
 * follows from what the article says, and for a number exactly that sentence lies in the
 * quote (no wrong number does too).
 */
export function checkQuestion(question: Question, library: Library): QuizProblem[] {
  const problems: string[] = []
  const tip = library.tips.find(t => t.id === question.id)
  if (!tip) return [{ id: question.id, message: '没有对应的每日一法' }]
  if (tip.law !== question.law || tip.article !== question.article) problems.push('所引法条与每日一法不一致')
  if (tip.quote !== question.quote) problems.push('解析不是每日一法核对过的原文')
  if (question.options[question.answer] === undefined) problems.push('正确答案不在选项中')
  if (new Set(question.options).size !== question.options.length) problems.push('选项有重复')
  if (new Set(question.fills).size !== question.fills.length) problems.push('候选项有重复')
  if (!answerFollowsFact(question)) problems.push('正确答案与原文不符')
  if (question.form === 'blank' || question.form === 'judge-blank') {
    question.fills.forEach((fill, i) => {
      if (inside(question.quote, fill) !== (i === question.fact)) problems.push(`“${fill}”${i === question.fact ? '不在' : '也在'}原文中`)
    })
    if (question.form === 'blank' && !question.text.includes(BLANK)) problems.push('填空题缺少空格')
  } else if (question.fills[question.fact] !== tip.law) {
    problems.push('原文所在的法律不是所引法律')
  }
  if ((question.form === 'judge-blank' || question.form === 'judge-source') && question.options.join() !== JUDGE_OPTIONS.join()) {
    problems.push('判断题应只有“对”“错”两个选项')
  }
  return problems.map(message => ({ id: question.id, message }))
}

/**
 * Checks questions against the official statute texts: for a number, the sentence with the
 * right one lies in the article and none with a wrong one does; for a law, the quote is
 * found in no other law offered.
 */
export function checkQuizAgainstStatutes(bank: Question[], library: Library, lawsDir: string): QuizProblem[] {
  const articlesOf = statuteArticles(library, lawsDir)
  const problems: QuizProblem[] = []
  for (const question of bank) {
    const say = (message: string) => problems.push({ id: question.id, message })
    // A missing article or a changed quote is the tip's problem, reported with the tip's citation.
    const article = articlesOf(question.law)?.get(question.article)
    if (article === undefined || !inside(article, question.quote)) continue
    if (question.form === 'blank' || question.form === 'judge-blank') {
      question.fills.forEach((fill, i) => {
        if (inside(article, fill) !== (i === question.fact)) say(`“${fill}”${i === question.fact ? '不在' : '也在'}原文中`)
      })
      continue
    }
    for (const law of question.fills) {
      if (law === question.law) continue
      const articles = articlesOf(law)
      if (!articles) say(`找不到干扰项《${law}》的官方文本，无法确认引文不出自该法`)
      else if ([...articles.values()].some(text => inside(text, question.quote))) say(`引文也出现在干扰项《${law}》中`)
    }
  }
  return problems
}
