import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Library } from './library'
import { Articles, normalise, readArticles } from './statutes'

export interface CitationProblem {
  file: string
  id: string
  message: string
  /** The official text of the cited article, when it exists. */
  expected?: string
}

interface Citation {
  id: string
  law?: string
  article?: string
  quote?: string
}

/** A law's articles from the statute folder, each file read once; undefined when the law has no text there. */
export function statuteArticles(library: Library, lawsDir: string): (lawId: string) => Articles | undefined {
  const cache = new Map<string, Articles | undefined>()
  return (lawId) => {
    if (!cache.has(lawId)) {
      const file = library.laws.get(lawId)?.file
      const path = file && join(lawsDir, file)
      cache.set(lawId, path && existsSync(path) ? readArticles(path) : undefined)
    }
    return cache.get(lawId)
  }
}

/**
 * Checks every tip and item citation against a folder of official statute texts:
 * the law has a text, the article exists, and the quote lies inside that article.
 */
export function checkCitations(library: Library, lawsDir: string): CitationProblem[] {
  const problems: CitationProblem[] = []
  const articlesOf = statuteArticles(library, lawsDir)

  const citations: Citation[] = [...library.tips, ...library.items]
  for (const { id, law, article, quote } of citations) {
    if (!law || !article) continue
    const file = library.sources.get(id) ?? '?'
    const articles = articlesOf(law)
    if (!articles) {
      const name = library.laws.get(law)?.file ?? law
      problems.push({ file, id, message: `找不到《${law}》的官方文本（${name}），无法核对` })
      continue
    }
    const text = articles.get(article)
    if (text === undefined) {
      problems.push({ file, id, message: `《${law}》没有${article}` })
      continue
    }
    if (quote && !normalise(text).includes(normalise(quote))) {
      problems.push({ file, id, message: `引文与《${law}》${article}原文不符：${quote}`, expected: text.trim() })
    }
  }
  return problems
}
