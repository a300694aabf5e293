import { chineseNumber, parseChineseNumber } from './numerals'

/**
 * An article reference as people type it, in the form statutes print it: 1079, 第1079条,
 * 第一千零七十九条, 291之二, 291条之二, 第二百九十一条之二 → 第一千零七十九条, 第二百九十一条之二.
 * Full-width digits are read like ASCII ones. Returns undefined when it is not an article.
 */
export function parseArticleRef(text: string): string | undefined {
  const input = text.normalize('NFKC').replace(/\s+/g, '')
  const match = /^第?([0-9]+|[零〇一二两三四五六七八九十百千]+)条?(?:(?:之|-)([0-9]+|[一二三四五六七八九十]+))?条?$/.exec(input)
  if (!match) return undefined
  const main = numberOf(match[1])
  if (!main) return undefined
  if (!match[2]) return `第${chineseNumber(main)}条`
  const sub = numberOf(match[2])
  return sub ? `第${chineseNumber(main)}条之${chineseNumber(sub)}` : undefined
}

function numberOf(text: string) {
  const value = /^[0-9]+$/.test(text) ? Number(text) : parseChineseNumber(text)
  return value && value >= 1 && value <= 9999 ? value : undefined
}
