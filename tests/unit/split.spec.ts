import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { splitText } from '../../src/text/split'

describe('splitText', () => {
  it('keeps short text whole', () => {
    expect(splitText('第一条 内容。', 100)).toEqual(['第一条 内容。'])
    expect(splitText('', 10)).toEqual([''])
  })

  it('cuts at line breaks first, then at sentence ends', () => {
    expect(splitText('甲甲甲甲。\n乙乙乙乙。', 6)).toEqual(['甲甲甲甲。', '乙乙乙乙。'])
    expect(splitText('甲甲甲。乙乙乙。丙丙丙。', 8)).toEqual(['甲甲甲。乙乙乙。', '丙丙丙。'])
  })

  it('never exceeds the limit, never splits an emoji, and loses only the line breaks it cuts at', () => {
    const text = fc.array(fc.constantFrom('法', '条', '。', '，', '\n', '😀', 'a'), { maxLength: 400 }).map(chars => chars.join(''))
    fc.assert(fc.property(text, fc.integer({ min: 2, max: 60 }), (input, max) => {
      const parts = splitText(input, max)
      for (const part of parts) {
        expect(part.length).toBeLessThanOrEqual(max)
        expect(part.isWellFormed()).toBe(true)
      }
      expect(parts.join('').replace(/\s/g, '')).toBe(input.replace(/\s/g, ''))
    }), { seed: 20261201, numRuns: 300 })
  })
})
