import { StatuteLibrary, Statute } from './library'

export interface SearchHit {
  statute: Statute
  article: string
  /** The words around the first match, for the list. */
  snippet: string
  score: number
}

/** Everyday words mapped to the words statutes use, so 高空抛物 finds 抛掷物品. */
export type Synonyms = Record<string, string[]>

function bigrams(text: string) {
  const out = new Set<string>()
  for (let i = 0; i + 1 < text.length; i++) out.add(text.slice(i, i + 2))
  return out
}

function snippetAt(text: string, index: number, width = 36) {
  const start = Math.max(0, index - width / 2)
  const end = Math.min(text.length, index + width)
  return (start > 0 ? '…' : '') + text.slice(start, end).replace(/\n/g, ' ') + (end < text.length ? '…' : '')
}

/**
 * Articles matching the words, best first. An article that contains a word (or a synonym)
 * as written ranks above one that only shares most of its two-character pieces; laws in
 * force rank above repealed ones. Every article of every statute is read: about 7,000
 * articles and 2 MB of text for the usual folder, a few milliseconds.
 */
export function searchArticles(library: StatuteLibrary, query: string, synonyms: Synonyms = {}, limit = 5): SearchHit[] {
  const words = query.normalize('NFKC').split(/[\s,，、;；]+/).filter(Boolean)
  const terms = words.map(word => [word, ...(synonyms[word] ?? [])])
  const hits: SearchHit[] = []
  for (const statute of library.statutes) {
    if (!statute.file) continue
    for (const [article, raw] of library.articlesOf(statute)) {
      const text = raw.replace(/\[\^\d+\]|\*\*/g, '')
      let score = 0
      let first = -1
      for (const variants of terms) {
        const best = bestMatch(text, variants)
        if (!best) {
          score = 0
          break
        }
        score += best.score
        if (first < 0 || best.index < first) first = best.index
      }
      if (score > 0) hits.push({ statute, article, snippet: snippetAt(text, first), score: statute.repealed ? score / 10 : score })
    }
  }
  return hits.sort((a, b) => b.score - a.score).slice(0, limit)
}

function bestMatch(text: string, variants: string[]): { score: number; index: number } | undefined {
  for (const variant of variants) {
    const index = text.indexOf(variant)
    if (index >= 0) return { score: 10 * variant.length + occurrences(text, variant), index }
  }
  // No exact wording: most of the word's two-character pieces must appear.
  const word = variants[0]
  const pieces = [...bigrams(word)]
  if (!pieces.length) return undefined
  const found = pieces.filter(piece => text.includes(piece))
  if (found.length * 2 < pieces.length || found.length < 2) return undefined
  return { score: found.length * 2, index: text.indexOf(found[0]) }
}

function occurrences(text: string, word: string) {
  let count = 0
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + word.length)) count++
  return count
}
