import { describe, expect, it } from 'vitest'
import { addDays, diffDays, nthWeekday, parseDate, weekday } from '../../src/time/local-date'
import { formatShanghai, parseTimeOfDay, shanghaiDate, shanghaiInstant, shanghaiMinutes } from '../../src/time/shanghai'

describe('parseDate', () => {
  it('accepts a real date, including 29 February of a leap year', () => {
    expect(parseDate('2026-12-04')).toBe('2026-12-04')
    expect(parseDate('2024-02-29')).toBe('2024-02-29')
  })

  it.each([
    ['2026-02-30', 'a day the month does not have'],
    ['2025-02-29', '29 February of a common year'],
    ['2026-13-01', 'month 13'],
    ['2026-00-10', 'month 0'],
    ['2026-1-5', 'unpadded month and day'],
    ['2026/01/05', 'slashes'],
    ['明天', 'words'],
    ['', 'an empty string'],
  ])('rejects %s (%s)', (text) => {
    expect(parseDate(text)).toBeUndefined()
  })
})

describe('date arithmetic', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2026-11-27', 7, '2026-12-04'],
  ])('%s + %i days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected)
  })

  it('counts days between dates across month, year and leap-day boundaries', () => {
    expect(diffDays('2026-11-27', '2026-12-04')).toBe(7)
    expect(diffDays('2026-12-04', '2026-11-27')).toBe(-7)
    expect(diffDays('2026-12-31', '2027-01-01')).toBe(1)
    expect(diffDays('2024-02-01', '2024-03-01')).toBe(29)
    expect(diffDays('2025-02-01', '2025-03-01')).toBe(28)
    expect(diffDays('2024-01-01', '2025-01-01')).toBe(366)
  })

  it.each([
    ['2026-12-04', 5],
    ['2026-10-10', 6],
    ['2026-10-11', 0],
    ['2000-02-29', 2],
    ['1970-01-01', 4],
    ['1969-12-31', 3],
  ])('%s falls on weekday %i (0 = Sunday)', (date, expected) => {
    expect(weekday(date)).toBe(expected)
  })
})

describe('nthWeekday', () => {
  it('finds the nth weekday of a month', () => {
    expect(nthWeekday(2026, 9, 6, 3)).toBe('2026-09-19')
    // The month starts on the weekday asked for.
    expect(nthWeekday(2026, 6, 1, 1)).toBe('2026-06-01')
  })

  it('finds the last weekday of a month with nth -1', () => {
    expect(nthWeekday(2026, 3, 1, -1)).toBe('2026-03-30')
    // The month ends on the weekday asked for.
    expect(nthWeekday(2025, 3, 1, -1)).toBe('2025-03-31')
    expect(nthWeekday(2024, 2, 4, -1)).toBe('2024-02-29')
  })
})

describe('Asia/Shanghai time', () => {
  it('is already the next day in Shanghai when it is late evening in UTC', () => {
    const instant = new Date('2026-12-03T16:30:00Z')
    expect(shanghaiDate(instant)).toBe('2026-12-04')
    expect(shanghaiMinutes(instant)).toBe(30)
    expect(formatShanghai(instant)).toBe('2026-12-04 00:30')
  })

  it('is still the same day in Shanghai one minute before 16:00 UTC', () => {
    const instant = new Date('2026-12-03T15:59:00Z')
    expect(shanghaiDate(instant)).toBe('2026-12-03')
    expect(shanghaiMinutes(instant)).toBe(23 * 60 + 59)
  })

  it('turns the year at 16:00 UTC on 31 December', () => {
    expect(shanghaiDate(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01')
  })

  it('gives the instant of a Shanghai wall-clock time', () => {
    expect(shanghaiInstant('2026-12-04', 30).toISOString()).toBe('2026-12-03T16:30:00.000Z')
    expect(shanghaiInstant('2026-12-04', 8 * 60 + 30).toISOString()).toBe('2026-12-04T00:30:00.000Z')
    expect(shanghaiInstant('2027-01-01', 0).toISOString()).toBe('2026-12-31T16:00:00.000Z')
  })
})

describe('parseTimeOfDay', () => {
  it.each([
    ['08:30', 8 * 60 + 30],
    ['8:05', 8 * 60 + 5],
    ['23:59', 23 * 60 + 59],
    ['00:00', 0],
    ['8：30', 8 * 60 + 30],
  ])('reads %s as %i minutes after midnight', (text, minutes) => {
    expect(parseTimeOfDay(text)).toBe(minutes)
  })

  it.each(['25:00', '24:00', '08:60', '8点', '830', '8:5', ''])('rejects %s', (text) => {
    expect(parseTimeOfDay(text)).toBeUndefined()
  })
})
