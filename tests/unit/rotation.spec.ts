import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadLibrary } from '../../src/content/library'
import { keyDateItems } from '../../src/content/key-date-items'
import { PickRecord, pickTip, TipPick, tipMatches } from '../../src/content/rotation'
import { addDays, LocalDate } from '../../src/time/local-date'

const library = loadLibrary(resolve(__dirname, '../../config'))

const validOn = (date: LocalDate) => library.tips.filter(tip => tip.validFrom <= date)

/** A group receiving one tip a day from `from`, each pick recorded in its history. */
function simulate(seed: string, from: LocalDate, days: number, history: PickRecord[] = []): TipPick[] {
  const picks: TipPick[] = []
  for (let i = 0; i < days; i++) {
    const pick = pickTip(library, addDays(from, i), history, seed)
    if (!pick) throw new Error(`no tip on ${addDays(from, i)}`)
    history.push({ tipId: pick.tip.id, cycle: pick.cycle, date: addDays(from, i) })
    picks.push(pick)
  }
  return picks
}

describe('tipMatches', () => {
  // 宪法宣传周 has the themes 宪法 and 法治宣传教育.
  const [constitutionWeek] = library.calendar.on('2026-12-05')
  const tip = (id: string) => library.tips.find(t => t.id === id)!

  it('matches a tip on a sub-theme of the key date’s theme', () => {
    const flag = { ...tip('national-flag-23-insult'), keyDates: [] }
    expect(flag.themes).toEqual(['国旗国歌'])
    expect(tipMatches(library, flag, constitutionWeek)).toBe(true)
  })

  it('matches a tip that names the key date, whatever its theme', () => {
    const drinkDriving = tip('traffic-91-drink-driving')
    expect(tipMatches(library, drinkDriving, constitutionWeek)).toBe(false)
    expect(tipMatches(library, { ...drinkDriving, keyDates: ['constitution-week'] }, constitutionWeek)).toBe(true)
  })
})

describe('pickTip', () => {
  it('gives every valid tip exactly once per cycle, cycle after cycle', () => {
    const start = '2027-01-01'
    const allIds = validOn(start).map(tip => tip.id).sort()
    expect(allIds).toHaveLength(library.tips.length)
    const picks = simulate('group-1', start, 2 * allIds.length)
    const first = picks.slice(0, allIds.length), second = picks.slice(allIds.length)

    expect(first.map(p => p.tip.id).sort()).toEqual(allIds)
    expect(new Set(first.map(p => p.cycle))).toEqual(new Set([0]))
    expect(second.map(p => p.tip.id).sort()).toEqual(allIds)
    expect(new Set(second.map(p => p.cycle))).toEqual(new Set([1]))
  })

  it('in the week before 国家宪法日, draws from the themes of the nearest coming key date', () => {
    const picks = simulate('group-1', '2026-11-27', 7)
    // 宪法宣传周 starts 12-01; 全国交通安全日 (12-02) is nearest on 12-01; then 国家宪法日.
    expect(picks.map(p => p.focus?.entry.id)).toEqual([
      'constitution-week', 'constitution-week', 'constitution-week', 'constitution-week',
      'traffic-safety-day',
      'constitution-day', 'constitution-day',
    ])
    for (const pick of picks) expect(tipMatches(library, pick.tip, pick.focus!)).toBe(true)
  })

  it('falls back to the whole library once every tip on the key date’s theme has been seen', () => {
    const constitutionDay = library.calendar.on('2026-12-04')[0]
    const themed = validOn('2026-12-03').filter(tip => tipMatches(library, tip, constitutionDay))
    expect(themed.length).toBeGreaterThan(1)
    const history = themed.map(tip => ({ tipId: tip.id, cycle: 0 }))

    const pick = pickTip(library, '2026-12-03', history, 'group-1')!
    expect(pick.cycle).toBe(0)
    expect(pick.focus).toBeUndefined()
    expect(tipMatches(library, pick.tip, constitutionDay)).toBe(false)
  })

  it('chooses the same tips for the same group, dates and history', () => {
    const first = simulate('group-1', '2027-03-01', 5)
    const again = simulate('group-1', '2027-03-01', 5)
    expect(again.map(p => p.tip.id)).toEqual(first.map(p => p.tip.id))
  })

  it('gives two groups different orders', () => {
    const first = simulate('group-1', '2027-03-01', 10).map(p => p.tip.id)
    const second = simulate('group-2', '2027-03-01', 10).map(p => p.tip.id)
    expect(second).not.toEqual(first)
  })

  it('never picks a tip before its validFrom date', () => {
    const start = '2026-01-01'
    const valid = validOn(start)
    expect(valid.length).toBeLessThan(library.tips.length)
    const picks = simulate('group-1', start, valid.length + 5)
    for (const [i, pick] of picks.entries()) {
      expect(pick.tip.validFrom <= addDays(start, i), `${pick.tip.id} on ${addDays(start, i)}`).toBe(true)
    }
  })

  it('brings in tips that become valid mid-cycle before starting the next cycle', () => {
    // Every tip valid on 2026-08-14 has been seen; the 生态环境法典 tips start on 08-15.
    const seenAll = validOn('2026-08-14').map(tip => ({ tipId: tip.id, cycle: 0 }))
    expect(pickTip(library, '2026-08-14', seenAll, 'group-1')?.cycle).toBe(1)
    const pick = pickTip(library, '2026-08-15', seenAll, 'group-1')!
    expect(pick).toMatchObject({ cycle: 0, tip: { validFrom: '2026-08-15' } })
  })

  it('has nothing to give before any tip is valid', () => {
    expect(pickTip(library, '2000-01-01', [], 'group-1')).toBeUndefined()
  })
})

describe('pickTip keeps overlapping tips a week apart', () => {
  const tip = (id: string) => library.tips.find(t => t.id === id)!
  const seeds = Array.from({ length: 30 }, (_, i) => `group-${i}`)
  /** Which tips `pickTip` gives across many groups with the same history. */
  const picked = (lib: typeof library, date: LocalDate, history: PickRecord[]) =>
    new Set(seeds.map(seed => pickTip(lib, date, history, seed)!.tip.id))

  it('does not give a tip of the same group within 7 days', () => {
    const poppy = tip('anti-drug-19-no-poppy'), poppyFine = tip('public-security-83-poppy-penalty'), other = tip('work-safety-54-refuse-unsafe-orders')
    expect(poppyFine.group).toBe(poppy.group)
    const small = { ...library, tips: [poppy, poppyFine, other] }
    expect(picked(small, '2027-02-10', [{ tipId: poppy.id, cycle: 0, date: '2027-02-04' }])).toEqual(new Set([other.id]))
    expect(picked(small, '2027-02-11', [{ tipId: poppy.id, cycle: 0, date: '2027-02-04' }])).toEqual(new Set([poppyFine.id, other.id]))
  })

  it('does not repeat the article of a key-date item pushed within 7 days', () => {
    // The 国家宪法日 item (12-04) cites 宪法第五条.
    expect(keyDateItems(library, '2026-12-04').map(k => [k.item.law, k.item.article])).toContainEqual(['宪法', '第五条'])
    const sameArticle = { ...tip('work-safety-54-refuse-unsafe-orders'), id: 'same-article', law: '宪法', article: '第五条', themes: ['安全生产'] }
    const other = tip('traffic-91-drink-driving')
    const small = { ...library, tips: [sameArticle, other] }
    expect(picked(small, '2026-12-08', [])).toEqual(new Set([other.id]))
    expect(picked(small, '2026-11-20', [])).toEqual(new Set([sameArticle.id, other.id]))
  })

  it('holds for a group receiving the real library through 宪法宣传周 and the new year', () => {
    const start = '2026-11-01'
    const picks = simulate('group-1', start, 120)
    picks.forEach((pick, i) => {
      const date = addDays(start, i)
      for (let back = 1; back < 7 && back <= i; back++) {
        const earlier = picks[i - back].tip
        if (pick.tip.group) expect(earlier.group, `${pick.tip.id} on ${date} after ${earlier.id}`).not.toBe(pick.tip.group)
      }
      for (let offset = -6; offset <= 6; offset++) {
        for (const { item } of keyDateItems(library, addDays(date, offset))) {
          expect([item.law, item.article], `${pick.tip.id} on ${date}`).not.toEqual([pick.tip.law, pick.tip.article])
        }
      }
    })
  })
})

describe('the tip to avoid (the day’s quiz question)', () => {
  const date: LocalDate = '2026-12-08'
  const seed = 'mock:g1'

  it('is passed over that day and kept for a later one in the same cycle', () => {
    const natural = pickTip(library, date, [], seed)!.tip.id
    const pick = pickTip(library, date, [], seed, natural)!
    expect(pick.tip.id).not.toBe(natural)
    expect(pick.cycle).toBe(0)
  })

  it('is given when it is the only tip the cycle has left, rather than starting the next cycle early', () => {
    const valid = validOn(date)
    const [last, ...rest] = valid
    const history = rest.map((tip, i) => ({ tipId: tip.id, cycle: 0, date: addDays('2025-01-01', i) }))
    expect(pickTip(library, date, history, seed, last.id)).toMatchObject({ tip: { id: last.id }, cycle: 0 })
  })
})
