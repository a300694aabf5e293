import { readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { Law } from '../content/schema'
import { Articles, parseArticles } from '../content/statutes'

/** One statute as the look-up knows it: from a text file, from laws.yml, or both. */
export interface Statute {
  /** Full title as printed: 中华人民共和国民法典. */
  title: string
  /** Title without 中华人民共和国 and edition notes: 民法典. */
  short: string
  /** Date of the text (the latest revision it includes), from the file name or laws.yml. */
  version?: string
  effective?: string
  repealed?: string
  replacedBy?: string
  file?: string
  /** Names it is found by, normalised (see lawKey). */
  keys: string[]
}

/** A name as people type it, reduced for matching: 《中华人民共和国民法典》 → 民法典. */
export function lawKey(name: string): string {
  return name.normalize('NFKC')
    .replace(/[\s《》<>〈〉"“”'‘’「」]/g, '')
    .replace(/^中华人民共和国/, '')
    .replace(/\((?:\d{4}年)?修正文本\)$/, '')
}

interface FileHead {
  title?: string
  effective?: string
  repealed: boolean
}

function readHead(markdown: string): FileHead {
  const front = /^---\n([\s\S]*?)\n---\n/.exec(markdown)
  const data = front ? parseYaml(front[1]) ?? {} : {}
  const heading = /^#\s+(.+)$/m.exec(markdown)?.[1]?.trim()
  const tags: string[] = Array.isArray(data.tag) ? data.tag.map(String) : []
  const effective = data.effective_date ? new Date(data.effective_date).toISOString().slice(0, 10) : undefined
  return { title: data.title ? String(data.title) : heading, effective, repealed: tags.includes('已废止') || tags.includes('失效') }
}

/** `中华人民共和国民法典-20200528.md` → title and version date. */
function nameParts(file: string) {
  const match = /^(.+)-(\d{4})(\d{2})(\d{2})\.md$/.exec(file)
  return match ? { title: match[1], version: `${match[2]}-${match[3]}-${match[4]}` } : { title: basename(file, '.md') }
}

/**
 * The official texts in a folder (one Markdown file per law, as `../shared/laws/` and the
 * 国家法律法规数据库 exports are laid out), joined with the project's law list for short
 * names, aliases and repeal notes. Articles are parsed on first use.
 */
export class StatuteLibrary {
  readonly statutes: Statute[] = []
  private articles = new Map<Statute, Articles>()
  private byKey = new Map<string, Statute>()

  constructor(private dir: string | undefined, laws: Law[] = []) {
    const files = dir ? readdirSync(dir).filter(file => file.endsWith('.md')).sort() : []
    const lawByFile = new Map(laws.filter(law => law.file).map(law => [law.file!, law]))
    for (const file of files) {
      const text = readFileSync(join(dir!, file), 'utf8')
      const head = readHead(text)
      if (!head.title || !/^(?:\*\*)?第[零〇一二三四五六七八九十百千]+条/m.test(text)) continue
      const parts = nameParts(file)
      const law = lawByFile.get(file)
      this.add({
        title: head.title.replace(/^"|"$/g, ''),
        version: law?.version ?? parts.version,
        effective: law?.effective ?? head.effective,
        repealed: law?.repealed ?? (head.repealed ? parts.version : undefined),
        replacedBy: law?.replacedBy,
        file,
      }, law)
    }
    // Laws known only from the list (a repealed one whose text is not kept) still answer.
    for (const law of laws) {
      if (law.file && this.statutes.some(s => s.file === law.file)) continue
      this.add({ title: law.title, version: law.version, effective: law.effective, repealed: law.repealed, replacedBy: law.replacedBy }, law)
    }
  }

  private add(fields: Omit<Statute, 'short' | 'keys'>, law?: Law) {
    const short = lawKey(fields.title)
    const keys = [...new Set([short, law && lawKey(law.id), ...(law?.aliases ?? []).map(lawKey)].filter(Boolean) as string[])]
    const statute: Statute = { ...fields, short, keys }
    this.statutes.push(statute)
    for (const key of keys) {
      const existing = this.byKey.get(key)
      // Two editions under one name: the newer text answers.
      if (!existing || (statute.version ?? '') > (existing.version ?? '')) this.byKey.set(key, statute)
    }
  }

  get configured() {
    return !!this.dir
  }

  /** The statute a name means, or the candidates when it is ambiguous or unknown. */
  find(name: string): { statute: Statute } | { candidates: Statute[] } {
    const key = lawKey(name)
    const exact = this.byKey.get(key)
    if (exact) return { statute: exact }
    if (!key) return { candidates: [] }
    const partial = [...new Set([...this.byKey].filter(([k]) => k.includes(key)).map(([, s]) => s))]
    if (partial.length === 1) return { statute: partial[0] }
    if (partial.length) return { candidates: partial }
    return { candidates: this.closest(key) }
  }

  /** Laws sharing most of an unknown name's Chinese characters, for a suggestion. */
  private closest(key: string, limit = 3) {
    const chars = new Set(key.match(/\p{Script=Han}/gu) ?? [])
    chars.delete('法')
    if (!chars.size) return []
    return this.statutes
      .filter(s => !s.repealed)
      .map(s => ({ s, score: [...new Set(s.short)].filter(c => chars.has(c)).length / chars.size }))
      .filter(({ score }) => score >= 0.5)
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map(({ s }) => s)
  }

  articlesOf(statute: Statute): Articles {
    let articles = this.articles.get(statute)
    if (!articles) {
      articles = statute.file ? parseArticles(readFileSync(join(this.dir!, statute.file), 'utf8')) : new Map()
      this.articles.set(statute, articles)
    }
    return articles
  }

  /** The text of one article as printed (markup and footnote markers removed), or undefined. */
  article(statute: Statute, ref: string): string | undefined {
    const raw = this.articlesOf(statute).get(ref)
    return raw === undefined ? undefined : articleText(raw)
  }
}

/** Article text without the source files' Markdown emphasis and footnote markers. */
export function articleText(raw: string): string {
  return raw
    .replace(/\[\^\d+\]/g, '')
    .replace(/\*\*/g, '')
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(Boolean)
    .join('\n')
}
