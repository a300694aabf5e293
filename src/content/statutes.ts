import { readFileSync } from 'node:fs'

/**
 * Articles of one statute file: Markdown with each article starting a line as
 * `**第X条**` or `第X条` followed by a space (`第X条之一` too). Headings of parts and
 * chapters (`#` lines, `第一章`) end the article before them.
 */
export type Articles = Map<string, string>

const ARTICLE_RE = /^(?:\*\*)?(第[零〇一二三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?)(?:\*\*)?(?:[\s\u3000]+|$)(.*)$/
const DIVISION_RE = /^(#|第[零〇一二三四五六七八九十百千]+[编章节]|附\s*则|\[\^\d+\]:)/

export function parseArticles(markdown: string): Articles {
  const articles: Articles = new Map()
  let current: string | undefined
  let lines: string[] = []
  const flush = () => {
    if (current && !articles.has(current)) articles.set(current, lines.join('\n'))
  }
  // Front matter is the source repository's metadata, not law text.
  const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, '')
  for (const line of body.split(/\r?\n/)) {
    const match = ARTICLE_RE.exec(line)
    if (match) {
      flush()
      current = match[1]
      lines = [match[2]]
    } else if (DIVISION_RE.test(line.trim())) {
      flush()
      current = undefined
    } else if (current) {
      lines.push(line)
    }
  }
  flush()
  return articles
}

export function readArticles(file: string): Articles {
  return parseArticles(readFileSync(file, 'utf8'))
}

/** Text for comparison: no whitespace, no Markdown emphasis or footnote markers. */
export function normalise(text: string): string {
  return text.replace(/\[\^\d+\]/g, '').replace(/\*\*/g, '').replace(/\[\[|\]\]/g, '').replace(/[\s\u3000]+/g, '')
}
