import { afterEach, describe, expect, it } from 'vitest'
import { workdayOf, workdayOnOrBefore } from '../../src/holidays/workdays'

describe('workdayOf', () => {
  it.each([
    ['2026-10-01', false, '国庆节, a Thursday'],
    ['2026-10-10', true, '调休 Saturday worked for 国庆'],
    ['2026-10-11', false, 'an ordinary Sunday'],
    ['2026-10-14', true, 'an ordinary Wednesday'],
    ['2026-06-19', false, '端午节, a Friday'],
  ])('%s is a workday: %s (%s)', (date, workday) => {
    expect(workdayOf(date)).toEqual({ workday, known: true })
  })

  it('falls back to Monday–Friday for a year whose schedule is not published, and says so', () => {
    expect(workdayOf('2027-01-01')).toEqual({ workday: true, known: false })
    expect(workdayOf('2027-01-02')).toEqual({ workday: false, known: false })
    expect(workdayOf('2027-10-01')).toEqual({ workday: true, known: false })
  })
})

describe('workdayOnOrBefore', () => {
  it('keeps a date that is a workday', () => {
    expect(workdayOnOrBefore('2026-10-14')).toBe('2026-10-14')
    expect(workdayOnOrBefore('2026-10-10')).toBe('2026-10-10')
  })

  it('goes back over a weekend', () => {
    expect(workdayOnOrBefore('2026-10-18')).toBe('2026-10-16')
  })

  it('goes back over the whole 国庆 holiday', () => {
    expect(workdayOnOrBefore('2026-10-07')).toBe('2026-09-30')
  })

  it('goes back from 端午节 to the Thursday before', () => {
    expect(workdayOnOrBefore('2026-06-19')).toBe('2026-06-18')
  })
})

describe('independence from the server’s time zone', () => {
  const serverZone = process.env.TZ
  afterEach(() => {
    if (serverZone === undefined) delete process.env.TZ
    else process.env.TZ = serverZone
  })

  it('gives the same answers on a server west of UTC', () => {
    process.env.TZ = 'America/Los_Angeles'
    expect(new Date(2026, 9, 17).getTimezoneOffset()).toBeGreaterThan(0)
    expect(workdayOf('2026-10-17')).toEqual({ workday: false, known: true })
    expect(workdayOf('2026-10-19')).toEqual({ workday: true, known: true })
    expect(workdayOnOrBefore('2026-10-18')).toBe('2026-10-16')
  })
})
