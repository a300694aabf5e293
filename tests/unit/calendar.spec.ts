import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Calendar } from '../../src/calendar/calendar'
import { entrySchema } from '../../src/calendar/schema'
import { loadLibrary } from '../../src/content/library'

const { calendar } = loadLibrary(resolve(__dirname, '../../config'))

function windowOf(id: string, year: number) {
  const occurrence = calendar.occurrence(calendar.get(id)!, year)
  return occurrence && { start: occurrence.start, end: occurrence.end, estimated: occurrence.estimated }
}

describe('calendar windows from config/calendar.yml', () => {
  it.each([
    [2024, '2024-09-21'],
    [2025, '2025-09-20'],
    [2026, '2026-09-19'],
    [2027, '2027-09-18'],
    [2028, '2028-09-16'],
  ])('全民国防教育日 %i is the third Saturday of September, %s', (year, date) => {
    expect(windowOf('defense-education-day', year)).toEqual({ start: date, end: date, estimated: false })
  })

  it('全国助残日 is the third Sunday of May (weekday 7 in the config)', () => {
    expect(windowOf('disability-day', 2026)).toEqual({ start: '2026-05-17', end: '2026-05-17', estimated: false })
  })

  it('全国中小学生安全教育日 is the last Monday of March', () => {
    expect(windowOf('school-safety-day', 2022)).toEqual({ start: '2022-03-28', end: '2022-03-28', estimated: false })
  })

  it('宪法宣传周 is an estimate in a year whose dates were not announced', () => {
    expect(windowOf('constitution-week', 2026)).toEqual({ start: '2026-12-01', end: '2026-12-07', estimated: true })
  })

  it('宪法宣传周 uses the announced dates for 2018', () => {
    expect(windowOf('constitution-week', 2018)).toEqual({ start: '2018-12-02', end: '2018-12-08', estimated: false })
  })

  it('国家网络安全宣传周 uses the announced dates where given, the rule otherwise', () => {
    expect(windowOf('cybersecurity-week', 2025)).toEqual({ start: '2025-09-15', end: '2025-09-21', estimated: false })
    // The rule (week from the third Monday) would give 09-18..09-24 in 2023.
    expect(windowOf('cybersecurity-week', 2023)).toEqual({ start: '2023-09-11', end: '2023-09-17', estimated: false })
    expect(windowOf('cybersecurity-week', 2026)).toEqual({ start: '2026-09-21', end: '2026-09-27', estimated: true })
  })

  it('宪法宣传周 uses the announced dates of 2022, 2023 and 2025', () => {
    expect(windowOf('constitution-week', 2022)).toEqual({ start: '2022-12-04', end: '2022-12-10', estimated: false })
    expect(windowOf('constitution-week', 2023)).toEqual({ start: '2023-12-01', end: '2023-12-07', estimated: false })
    expect(windowOf('constitution-week', 2025)).toEqual({ start: '2025-12-01', end: '2025-12-07', estimated: false })
  })

  it.each([
    [2026, '2026-05-11', '2026-05-17'], // 5·15 a Friday
    [2027, '2027-05-10', '2027-05-16'], // a Saturday
    [2022, '2022-05-09', '2022-05-15'], // a Sunday: the week it ends
    [2028, '2028-05-15', '2028-05-21'], // a Monday: the week it starts
  ])('全国家庭教育宣传周 %i is the Monday-to-Sunday week containing 5·15', (year, start, end) => {
    expect(windowOf('family-education-week', year)).toEqual({ start, end, estimated: false })
  })

  it('全民国家安全教育日 has no occurrence before it was first held in 2016', () => {
    expect(windowOf('national-security-day', 2015)).toBeUndefined()
    expect(windowOf('national-security-day', 2016)).toEqual({ start: '2016-04-15', end: '2016-04-15', estimated: false })
  })

  it('a whole-month entry spans the month', () => {
    expect(windowOf('civil-code-month', 2026)).toEqual({ start: '2026-05-01', end: '2026-05-31', estimated: true })
  })
})

describe('Calendar queries', () => {
  it('lists 国家宪法日 before 宪法宣传周 on 12·4, the more specific first', () => {
    expect(calendar.on('2026-12-04').map(o => o.entry.id)).toEqual(['constitution-day', 'constitution-week'])
  })

  it('finds nothing on a date no window covers', () => {
    expect(calendar.on('2026-12-20')).toEqual([])
  })

  it('finds windows across a year boundary, by start date', () => {
    const found = calendar.between('2026-12-10', '2027-01-15').map(o => [o.entry.id, o.start])
    expect(found).toEqual([
      ['nanjing-memorial-day', '2026-12-13'],
      ['police-day', '2027-01-10'],
    ])
  })

  it('includes a window that started before the range but overlaps it', () => {
    const found = calendar.between('2026-12-05', '2026-12-05').map(o => o.entry.id)
    expect(found).toEqual(['constitution-week'])
  })
})

describe('fixed days that some years lack', () => {
  const leap = new Calendar([entrySchema.parse({
    id: 'leap-day',
    name: '闰日测试',
    when: { day: '02-29' },
    themes: ['宪法'],
    laws: ['宪法'],
    basis: '测试用的节点。',
  })])

  it('occurs only in leap years', () => {
    const entry = leap.get('leap-day')!
    expect(leap.occurrence(entry, 2028)?.start).toBe('2028-02-29')
    expect(leap.occurrence(entry, 2027)).toBeUndefined()
  })
})

describe('rules and ranges that do not fit a year', () => {
  const entry = (when: object) => entrySchema.safeParse({ id: 'test', name: '测试节点', when, themes: ['宪法'], laws: ['宪法'], basis: '测试用的节点。' })

  it('has no fifth Sunday in a month that has only four', () => {
    const calendar = new Calendar([entry({ rule: { month: 2, weekday: 7, nth: 5 } }).data!])
    const fifth = calendar.get('test')!
    expect(calendar.occurrence(fifth, 2026)).toBeUndefined()
    expect(calendar.occurrence(fifth, 2032)?.start).toBe('2032-02-29')
  })

  it('rejects a range that ends before it starts', () => {
    const parsed = entry({ range: ['12-28', '01-03'] })
    expect(parsed.success).toBe(false)
    expect(parsed.error!.issues[0]).toMatchObject({ path: ['when', 'range'], message: '结束日期早于开始日期（区间不能跨年）' })
  })
})
