import { parseArticleRef } from './article-ref'
import { StatuteLibrary, Statute } from './library'

export type LookUp =
  | { kind: 'article'; statute: Statute; article: string }
  | { kind: 'law'; statute: Statute }
  | { kind: 'unknown-law'; name: string; candidates: Statute[] }
  | { kind: 'bad-article'; statute: Statute; text: string }

/** Words people add to a question that are not part of the law or the article. */
const QUESTION_TAIL = /(?:是)?(?:怎么说|怎么规定|规定了什么|说了什么|是什么|是啥|讲什么|的内容|内容|原文)?[?？。!！]*$/

/**
 * What `法条 …` asks for: 民法典 1079, 治安管理处罚法 第五十五条, 刑法第二百九十一条之二,
 * 《民法典》第一千零七十九条怎么说？ — a law and an article, or only a law.
 */
export function readLookUp(library: StatuteLibrary, input: string): LookUp {
  const text = input.normalize('NFKC').trim().replace(QUESTION_TAIL, '').trim()
  // Split where the rest reads as an article and the start names a law; the last such split
  // wins so that a law name ending in a digit-like word is not cut.
  for (let cut = text.length - 1; cut > 0; cut--) {
    const article = parseArticleRef(text.slice(cut))
    if (!article) continue
    const found = library.find(text.slice(0, cut))
    if ('statute' in found) return { kind: 'article', statute: found.statute, article }
  }
  // A last word that reads as an article leaves the law's name before it.
  const words = text.split(/\s+/)
  const last = words.length > 1 ? words[words.length - 1] : undefined
  const name = last && parseArticleRef(last) ? words.slice(0, -1).join('') : text
  const found = library.find(name)
  if ('statute' in found) return { kind: 'law', statute: found.statute }
  if (last && name === text) {
    const before = library.find(words.slice(0, -1).join(''))
    if ('statute' in before) return { kind: 'bad-article', statute: before.statute, text: last }
  }
  return { kind: 'unknown-law', name, candidates: found.candidates }
}
