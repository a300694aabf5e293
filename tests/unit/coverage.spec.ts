import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { coverageProblems } from '../../src/content/coverage'
import { loadLibrary } from '../../src/content/library'

const fixture = loadLibrary(resolve(__dirname, '../fixtures/config'))

describe('coverageProblems', () => {
  it('finds nothing missing when every entry has an item and a tagged tip', () => {
    expect(coverageProblems(fixture)).toEqual([])
  })

  it('names the entry without an item and the entry without a tagged tip', () => {
    const library = {
      ...fixture,
      items: fixture.items.filter(item => item.entry !== 'demo-week'),
      tips: fixture.tips.map(tip => ({ ...tip, keyDates: tip.keyDates.filter(id => id !== 'demo-day') })),
    }
    expect(coverageProblems(library)).toEqual([
      'calendar.yml id: demo-day：没有每日一法标注示范日，请在相关每日一法的 keyDates 里加上 demo-day',
      'calendar.yml id: demo-week：示范周没有节点内容，请在 items/*.yml 里加一条 entry: demo-week',
    ])
  })

  it('holds for the project’s content library', () => {
    expect(coverageProblems(loadLibrary(resolve(__dirname, '../../config')))).toEqual([])
  })
})
