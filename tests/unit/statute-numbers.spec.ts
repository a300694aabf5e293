import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseArticleRef } from '../../src/statutes/article-ref'
import { chineseNumber, parseChineseNumber } from '../../src/statutes/numerals'

describe('article numbers', () => {
  it('writes numbers the way statutes print them', () => {
    expect([1, 10, 15, 20, 101, 110, 1000, 1001, 1010, 1079, 1260].map(chineseNumber)).toEqual([
      '一', '十', '十五', '二十', '一百零一', '一百一十', '一千', '一千零一', '一千零一十', '一千零七十九', '一千二百六十',
    ])
  })

  it('reads back every number it writes', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 9999 }), n => parseChineseNumber(chineseNumber(n)) === n), { seed: 20261201 })
  })

  it('reads the ways people write an article', () => {
    for (const text of ['1079', '第1079条', '第一千零七十九条', '一千零七十九', '１０７９', '第 1079 条']) {
      expect(parseArticleRef(text), text).toBe('第一千零七十九条')
    }
    for (const text of ['291之二', '291条之二', '第二百九十一条之二', '291-2']) {
      expect(parseArticleRef(text), text).toBe('第二百九十一条之二')
    }
    expect(parseArticleRef('两百')).toBe('第二百条')
  })

  it('refuses what is not an article', () => {
    for (const text of ['0', '10000', 'abc', '第条', '一零', '-5', '1.5', '']) expect(parseArticleRef(text), text).toBeUndefined()
  })
})
