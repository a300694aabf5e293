import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { coveringKeys, keyRange, rollupKeys } from '../../src/ledger/rollup'
import { addDays, dateParts, daysInMonth, formatDate } from '../../src/time/local-date'

describe('rollup keys', () => {
  it('files a date under its year, quarter and month', () => {
    expect(rollupKeys('2026-12-04')).toEqual(['2026', '2026Q4', '2026-12'])
    expect(rollupKeys('2027-01-01')).toEqual(['2027', '2027Q1', '2027-01'])
    expect(rollupKeys('2026-06-30')).toEqual(['2026', '2026Q2', '2026-06'])
    expect(rollupKeys('2026-07-01')).toEqual(['2026', '2026Q3', '2026-07'])
  })

  it('knows the days each key stands for', () => {
    expect(keyRange('2026')).toEqual({ from: '2026-01-01', to: '2026-12-31' })
    expect(keyRange('2026Q1')).toEqual({ from: '2026-01-01', to: '2026-03-31' })
    expect(keyRange('2026Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' })
    expect(keyRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' })
    expect(keyRange('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' })
  })

  it('covers whole-month periods with the fewest keys', () => {
    expect(coveringKeys('2026-01-01', '2026-12-31')).toEqual(['2026'])
    expect(coveringKeys('2026-10-01', '2026-12-31')).toEqual(['2026Q4'])
    expect(coveringKeys('2026-12-01', '2026-12-31')).toEqual(['2026-12'])
    expect(coveringKeys('2026-11-01', '2026-12-31')).toEqual(['2026-11', '2026-12'])
    expect(coveringKeys('2025-12-01', '2026-12-31')).toEqual(['2025-12', '2026'])
    expect(coveringKeys('2025-03-01', '2027-02-28')).toEqual(['2025-03', '2025Q2', '2025Q3', '2025Q4', '2026', '2027-01', '2027-02'])
  })

  it('leaves periods that are not whole months to the reports', () => {
    expect(coveringKeys('2026-12-01', '2026-12-07')).toBeUndefined()
    expect(coveringKeys('2026-11-02', '2026-11-30')).toBeUndefined()
    expect(coveringKeys('2026-02-01', '2026-02-27')).toBeUndefined()
    expect(coveringKeys('2026-12-01', '2026-11-30')).toBeUndefined()
  })

  // Any run of whole months: the keys tile it exactly, and every day in it is counted under
  // exactly one of them (so summing their totals counts each report once).
  it('tiles any run of whole months without gap or overlap', () => {
    const month = fc.integer({ min: 2000 * 12, max: 2099 * 12 + 11 })
    fc.assert(fc.property(month, fc.integer({ min: 0, max: 60 }), (first, length) => {
      const last = first + length
      const from = formatDate(Math.floor(first / 12), first % 12 + 1, 1)
      const endYear = Math.floor(last / 12), endMonth = last % 12 + 1
      const to = formatDate(endYear, endMonth, daysInMonth(endYear, endMonth))
      const keys = coveringKeys(from, to)!
      const ranges = keys.map(keyRange)
      expect(ranges[0].from).toBe(from)
      expect(ranges[ranges.length - 1].to).toBe(to)
      ranges.slice(1).forEach((range, i) => expect(range.from).toBe(addDays(ranges[i].to, 1)))
      for (const day of [from, to, addDays(from, 15), addDays(to, -40)].filter(d => d >= from && d <= to)) {
        expect(rollupKeys(day).filter(key => keys.includes(key))).toHaveLength(1)
      }
      // Never more keys than a year's worth of months and quarters at either end.
      expect(keys.length).toBeLessThanOrEqual(dateParts(to).year - dateParts(from).year + 1 + 12)
    }), { numRuns: 2000 })
  })
})
