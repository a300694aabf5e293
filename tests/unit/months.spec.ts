import { describe, expect, it } from 'vitest'
import { monthSlices } from '../../src/ledger/months'

describe('monthSlices', () => {
  it('cuts the first and last month to the period', () => {
    expect(monthSlices('2026-01-15', '2026-03-10')).toEqual([
      { month: '2026-01', from: '2026-01-15', to: '2026-01-31' },
      { month: '2026-02', from: '2026-02-01', to: '2026-02-28' },
      { month: '2026-03', from: '2026-03-01', to: '2026-03-10' },
    ])
  })

  it('crosses a new year and keeps leap days', () => {
    expect(monthSlices('2027-12-28', '2028-02-29').map(s => [s.month, s.from, s.to])).toEqual([
      ['2027-12', '2027-12-28', '2027-12-31'],
      ['2028-01', '2028-01-01', '2028-01-31'],
      ['2028-02', '2028-02-01', '2028-02-29'],
    ])
  })

  it('gives one slice for a single day', () => {
    expect(monthSlices('2026-12-04', '2026-12-04')).toEqual([{ month: '2026-12', from: '2026-12-04', to: '2026-12-04' }])
  })
})
