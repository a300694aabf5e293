import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkCitations } from '../../src/content/check'
import { Library, loadLibrary } from '../../src/content/library'
import { Tip } from '../../src/content/schema'
import { readArticles } from '../../src/content/statutes'

const statutes = resolve(__dirname, '../fixtures/statutes')
const library = loadLibrary(resolve(__dirname, '../fixtures/config'))
const [purpose] = library.tips

/** The fixture library with its first tip's citation changed. */
function withCitation(citation: Partial<Tip>): Library {
  return { ...library, tips: [{ ...purpose, ...citation }] }
}

describe('reading a statute file', () => {
  const articles = readArticles(resolve(statutes, 'demo-law.md'))

  it('finds each article, bold or plain, including 第三条之一', () => {
    expect([...articles.keys()]).toEqual(['第一条', '第二条', '第三条', '第三条之一', '第四条'])
  })

  it('keeps every paragraph of an article and stops at the chapter heading', () => {
    expect(articles.get('第二条')).toContain('任何组织或者个人不得妨碍依法开展的示范活动。')
    expect(articles.get('第三条之一')).not.toContain('附则')
  })
})

describe('checkCitations', () => {
  it('passes citations that match the official text, including a 第X条之一 article', () => {
    expect(library.tips.map(t => t.article)).toContain('第三条之一')
    expect(checkCitations(library, statutes)).toEqual([])
  })

  it('passes a quote spanning two paragraphs of one article', () => {
    const quote = '示范活动应当遵循公开、公平、公正的原则。任何组织或者个人不得妨碍依法开展的示范活动。'
    expect(checkCitations(withCitation({ article: '第二条', quote }), statutes)).toEqual([])
  })

  it('catches an article the law does not have', () => {
    expect(checkCitations(withCitation({ article: '第九条' }), statutes)).toEqual([
      { file: 'demo.yml', id: 'demo-purpose', message: '《示范法》没有第九条' },
    ])
  })

  it('catches a quote with one character changed, and shows the official text', () => {
    const quote = '为了规范示范活动，保护当事人的合法利益，制定本法。'
    expect(checkCitations(withCitation({ quote }), statutes)).toEqual([{
      file: 'demo.yml',
      id: 'demo-purpose',
      message: `引文与《示范法》第一条原文不符：${quote}`,
      expected: '为了规范示范活动，保护当事人的合法权益，制定本法。',
    }])
  })

  it('catches a quote that runs past its article into the next one', () => {
    const quote = '不得妨碍依法开展的示范活动。国家鼓励示范活动。'
    expect(checkCitations(withCitation({ article: '第二条', quote }), statutes)).toHaveLength(1)
  })

  it('tells 第三条 apart from 第三条之一', () => {
    const quote = '县级以上人民政府应当为示范活动提供便利。'
    expect(checkCitations(withCitation({ article: '第三条', quote }), statutes)).toHaveLength(1)
  })

  it('reports a law whose official text is not in the folder', () => {
    const problems = checkCitations(library, resolve(statutes, 'missing'))
    expect(problems.map(p => [p.id, p.message])).toEqual([
      ['demo-purpose', '找不到《示范法》的官方文本（demo-law.md），无法核对'],
      ['demo-convenience', '找不到《示范法》的官方文本（demo-law.md），无法核对'],
      ['demo-day', '找不到《示范法》的官方文本（demo-law.md），无法核对'],
    ])
  })
})
