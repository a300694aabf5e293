import { resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Calendar } from '../../src/calendar/calendar'
import { entrySchema } from '../../src/calendar/schema'
import { loadLibrary } from '../../src/content/library'
import { parsePeriod, Period } from '../../src/ledger/periods'

const { calendar } = loadLibrary(resolve(__dirname, '../../config'))

/** [input, from, to, label, keyDate?] */
type Row = [string, string, string, string, string?]

const expected = ([, from, to, label, keyDate]: Row): Period => ({ from, to, label, ...(keyDate && { keyDate }) })

function periodOf(text: string, today: string, cal = calendar): Period {
  const result = parsePeriod(text, today, cal)
  if (!result.ok) throw new Error(`${text}: ${JSON.stringify(result.problem)}`)
  return result.period
}

function problemOf(text: string, today: string, cal = calendar) {
  const result = parsePeriod(text, today, cal)
  if (result.ok) throw new Error(`${text}: read as ${JSON.stringify(result.period)}`)
  return result.problem
}

// Read on Sunday 2026-11-22: Q4 has started, December and 宪法宣传周 2026 have not.
const NOVEMBER: Row[] = [
  ['', '2026-11-01', '2026-11-30', '2026年11月'],
  ['   ', '2026-11-01', '2026-11-30', '2026年11月'],
  ['本月', '2026-11-01', '2026-11-30', '2026年11月'],
  ['　本月　', '2026-11-01', '2026-11-30', '2026年11月'],
  ['上月', '2026-10-01', '2026-10-31', '2026年10月'],
  ['上个月', '2026-10-01', '2026-10-31', '2026年10月'],
  ['本季度', '2026-10-01', '2026-12-31', '2026年第四季度'],
  ['上季度', '2026-07-01', '2026-09-30', '2026年第三季度'],
  ['今年', '2026-01-01', '2026-12-31', '2026年'],
  ['去年', '2025-01-01', '2025-12-31', '2025年'],
  ['本周', '2026-11-16', '2026-11-22', '2026-11-16~11-22'],
  ['上周', '2026-11-09', '2026-11-15', '2026-11-09~11-15'],
  ['2026', '2026-01-01', '2026-12-31', '2026年'],
  ['2025年', '2025-01-01', '2025-12-31', '2025年'],
  ['２０２５年', '2025-01-01', '2025-12-31', '2025年'],
  ['2025年度', '2025-01-01', '2025-12-31', '2025年'],
  ['2026-10', '2026-10-01', '2026-10-31', '2026年10月'],
  ['2026年10月', '2026-10-01', '2026-10-31', '2026年10月'],
  ['2026 年 2 月', '2026-02-01', '2026-02-28', '2026年2月'],
  ['2024年2月份', '2024-02-01', '2024-02-29', '2024年2月'],
  ['2026.10', '2026-10-01', '2026-10-31', '2026年10月'],
  ['２０２６－１０', '2026-10-01', '2026-10-31', '2026年10月'],
  ['2026Q3', '2026-07-01', '2026-09-30', '2026年第三季度'],
  ['2026q3', '2026-07-01', '2026-09-30', '2026年第三季度'],
  ['２０２６Ｑ４', '2026-10-01', '2026-12-31', '2026年第四季度'],
  ['2026年第三季度', '2026-07-01', '2026-09-30', '2026年第三季度'],
  ['2026年三季度', '2026-07-01', '2026-09-30', '2026年第三季度'],
  ['2026年第1季度', '2026-01-01', '2026-03-31', '2026年第一季度'],
  ['12月', '2025-12-01', '2025-12-31', '2025年12月'],
  ['11月', '2026-11-01', '2026-11-30', '2026年11月'],
  // 5月 is also 民法典宣传月's label; typed alone it is the month.
  ['5月', '2026-05-01', '2026-05-31', '2026年5月'],
  ['2026-11-01~2026-11-07', '2026-11-01', '2026-11-07', '2026-11-01~11-07'],
  ['2026-11-01 ～ 2026-11-07', '2026-11-01', '2026-11-07', '2026-11-01~11-07'],
  ['2026-11-01至2026-11-07', '2026-11-01', '2026-11-07', '2026-11-01~11-07'],
  ['2026-11-01 到 2026-11-07', '2026-11-01', '2026-11-07', '2026-11-01~11-07'],
  ['2026-11-01-2026-11-07', '2026-11-01', '2026-11-07', '2026-11-01~11-07'],
  ['2026-11-01 - 2026-11-07', '2026-11-01', '2026-11-07', '2026-11-01~11-07'],
  ['2026-11-01~11-07', '2026-11-01', '2026-11-07', '2026-11-01~11-07'],
  ['2026年11月1日—11月7日', '2026-11-01', '2026-11-07', '2026-11-01~11-07'],
  ['11月1日~11月7日', '2026-11-01', '2026-11-07', '2026-11-01~11-07'],
  ['11月1日至11月30日', '2026-11-01', '2026-11-30', '2026-11-01~11-30'],
  ['2025-12-28~2026-01-03', '2025-12-28', '2026-01-03', '2025-12-28~2026-01-03'],
  ['2026-11-04', '2026-11-04', '2026-11-04', '2026-11-04'],
  ['2026年11月4日', '2026-11-04', '2026-11-04', '2026-11-04'],
  ['11月4日', '2026-11-04', '2026-11-04', '2026-11-04'],
  ['宪法宣传周', '2025-12-01', '2025-12-07', '宪法宣传周（2025-12-01~12-07）', 'constitution-week'],
  ['宪法宣传周 2025', '2025-12-01', '2025-12-07', '宪法宣传周（2025-12-01~12-07）', 'constitution-week'],
  ['宪法宣传周2025', '2025-12-01', '2025-12-07', '宪法宣传周（2025-12-01~12-07）', 'constitution-week'],
  ['2025 宪法宣传周', '2025-12-01', '2025-12-07', '宪法宣传周（2025-12-01~12-07）', 'constitution-week'],
  ['2025年宪法宣传周', '2025-12-01', '2025-12-07', '宪法宣传周（2025-12-01~12-07）', 'constitution-week'],
  ['constitution-week', '2025-12-01', '2025-12-07', '宪法宣传周（2025-12-01~12-07）', 'constitution-week'],
  ['12·4前后 2018', '2018-12-02', '2018-12-08', '宪法宣传周（2018-12-02~12-08）', 'constitution-week'],
  ['国家宪法日', '2025-12-04', '2025-12-04', '国家宪法日（2025-12-04）', 'constitution-day'],
  ['12·4 2025', '2025-12-04', '2025-12-04', '国家宪法日（2025-12-04）', 'constitution-day'],
  ['12・4', '2025-12-04', '2025-12-04', '国家宪法日（2025-12-04）', 'constitution-day'],
  ['民法典宣传月 2025', '2025-05-01', '2025-05-31', '民法典宣传月（2025-05-01~05-31）', 'civil-code-month'],
  ['民法典宣传月', '2026-05-01', '2026-05-31', '民法典宣传月（2026-05-01~05-31）', 'civil-code-month'],
  ['全民国家安全教育日', '2026-04-15', '2026-04-15', '全民国家安全教育日（2026-04-15）', 'national-security-day'],
  ['4·15', '2026-04-15', '2026-04-15', '全民国家安全教育日（2026-04-15）', 'national-security-day'],
  ['全国“安全生产月”', '2026-06-01', '2026-06-30', '全国“安全生产月”（2026-06-01~06-30）', 'work-safety-month'],
  ['全国安全生产月', '2026-06-01', '2026-06-30', '全国“安全生产月”（2026-06-01~06-30）', 'work-safety-month'],
  ['国家网络安全宣传周 2025', '2025-09-15', '2025-09-21', '国家网络安全宣传周（2025-09-15~09-21）', 'cybersecurity-week'],
  // Under way: the current window, even though it ends after today.
  ['消防宣传月', '2026-11-01', '2026-11-30', '消防宣传月（2026-11-01~11-30）', 'fire-safety-month'],
]

// Read on Sunday 2027-01-10: last month, last quarter and last week are in 2026.
const JANUARY: Row[] = [
  ['', '2027-01-01', '2027-01-31', '2027年1月'],
  ['本月', '2027-01-01', '2027-01-31', '2027年1月'],
  ['上月', '2026-12-01', '2026-12-31', '2026年12月'],
  ['12月', '2026-12-01', '2026-12-31', '2026年12月'],
  ['1月', '2027-01-01', '2027-01-31', '2027年1月'],
  ['本季度', '2027-01-01', '2027-03-31', '2027年第一季度'],
  ['上季度', '2026-10-01', '2026-12-31', '2026年第四季度'],
  ['今年', '2027-01-01', '2027-12-31', '2027年'],
  ['去年', '2026-01-01', '2026-12-31', '2026年'],
  ['本周', '2027-01-04', '2027-01-10', '2027-01-04~01-10'],
  ['上周', '2026-12-28', '2027-01-03', '2026-12-28~2027-01-03'],
  ['宪法宣传周', '2026-12-01', '2026-12-07', '宪法宣传周（2026-12-01~12-07）', 'constitution-week'],
  ['12·4', '2026-12-04', '2026-12-04', '国家宪法日（2026-12-04）', 'constitution-day'],
  // Today is the day: it has started.
  ['中国人民警察节', '2027-01-10', '2027-01-10', '中国人民警察节（2027-01-10）', 'police-day'],
]

describe('parsePeriod on 2026-11-22', () => {
  it.each(NOVEMBER)('%j', (...row) => {
    expect(periodOf(row[0], '2026-11-22')).toEqual(expected(row))
  })
})

describe('parsePeriod on 2027-01-10, across the new year', () => {
  it.each(JANUARY)('%j', (...row) => {
    expect(periodOf(row[0], '2027-01-10')).toEqual(expected(row))
  })
})

describe('labels', () => {
  it.each(['本周', '上周', '本月', '本季度', '今年', '2025-12-28~2026-01-03', '11月4日'])(
    'the label of %s reads back as the same period',
    (text) => {
      const period = periodOf(text, '2026-11-22')
      expect(periodOf(period.label, '2026-11-22')).toEqual(period)
    },
  )
})

describe('problems', () => {
  it.each([
    ['2026-12', '2026-12-01'],
    ['2027', '2027-01-01'],
    ['宪法宣传周 2026', '2026-12-01'],
    ['12月1日~12月7日', '2026-12-01'],
    ['2026-11-23', '2026-11-23'],
  ])('%s starts after today: period-future', (input, from) => {
    expect(problemOf(input, '2026-11-22')).toEqual({ code: 'period-future', params: { input, from } })
  })

  it.each([
    '2026-01-01~9999-12-31', '1900-01-01~2026-10-31', '1999-12-31~2026-01-01', '1999', '1999年12月', '1999Q4',
    '2026-11-01~2028-01-01', '1999年12月4日', '9999',
  ])('%s reaches outside 2000-01-01~2027-12-31: period-out-of-range', (input) => {
    expect(problemOf(input, '2026-11-22')).toEqual({ code: 'period-out-of-range', params: { input, min: '2000-01-01', max: '2027-12-31' } })
  })

  it('reads the widest period within the bounds, and moves the end with the year', () => {
    expect(periodOf('2000-01-01~2027-12-31', '2026-11-22')).toMatchObject({ from: '2000-01-01', to: '2027-12-31' })
    expect(periodOf('2000', '2026-11-22')).toMatchObject({ from: '2000-01-01', to: '2000-12-31' })
    expect(problemOf('2000-01-01~2028-12-31', '2026-11-22').code).toBe('period-out-of-range')
    expect(periodOf('2000-01-01~2028-12-31', '2027-01-10')).toMatchObject({ from: '2000-01-01', to: '2028-12-31' })
  })

  it('does not clamp a period that starts today or before and ends later', () => {
    expect(periodOf('2026-11-22~2026-12-31', '2026-11-22').to).toBe('2026-12-31')
  })

  it.each([
    ['2026-11-07~2026-11-01', '2026-11-07', '2026-11-01'],
    ['11月7日至11月1日', '2026-11-07', '2026-11-01'],
    // The end takes the start's year, so this range runs backwards rather than into 2026.
    ['2025-12-28~01-03', '2025-12-28', '2025-01-03'],
  ])('%s ends before it starts: period-reversed', (input, from, to) => {
    expect(problemOf(input, '2026-11-22')).toEqual({ code: 'period-reversed', params: { input, from, to } })
  })

  it.each([
    '2026-02-30', '2月30日', '2026年12月32日', '2026-02-28~2026-02-30', '2026-13', '2026年13月', '13月', '2026Q5', '2026Q0',
    // 宪法宣传周 was first held in 2018.
    '宪法宣传周 2017',
  ])('%s names no real date: period-invalid', (input) => {
    expect(problemOf(input, '2026-11-22')).toEqual({ code: 'period-invalid', params: { input } })
  })

  it.each([
    ['宪法周', '宪法宣传周'],
    ['宪法周 2025', '宪法宣传周'],
    ['国家宪法曰', '国家宪法日'],
    ['安全生产月', '全国“安全生产月”'],
    ['constitution-weak', '宪法宣传周'],
  ])('%s is unknown, with the closest key date %s', (input, suggestion) => {
    expect(problemOf(input, '2026-11-22')).toEqual({ code: 'period-unknown', params: { input, suggestion } })
  })

  it.each([
    '下月', '明年', '上半年', 'hello',
    // A label only counts when written with a middle dot.
    '12.4 2025',
    // '-' separates only two dates that both have their year.
    '2026-11-01-11-07',
    // Alone, 1-10 could be January 10th or January to October.
    '1-10',
    '全部',
  ])('%s is unknown, with nothing to suggest', (input) => {
    expect(problemOf(input, '2026-11-22')).toEqual({ code: 'period-unknown', params: { input } })
  })

  it('reports the input as normalized, full-width folded and trimmed', () => {
    expect(problemOf('  ２０２６－０２－３０ ', '2026-11-22').params).toEqual({ input: '2026-02-30' })
  })
})

describe('key dates from a small calendar', () => {
  const entry = (id: string, name: string, label: string, day: string, since?: number) => entrySchema.parse({
    id, name, label, when: { day }, since, themes: ['宪法'], laws: ['宪法'], basis: '测试用的节点',
  })
  const small = new Calendar([
    entry('first-day', '第一个节点', '9·9', '09-09'),
    entry('second-day', '第二个节点', '9·9', '09-09'),
    entry('new-day', '新设节点', '12·20', '12-20', 2026),
  ])

  it('does not pick either of two entries that share a label', () => {
    expect(problemOf('9·9', '2026-11-22', small).code).toBe('period-unknown')
    expect(periodOf('第一个节点', '2026-11-22', small).keyDate).toBe('first-day')
  })

  it('calls a key date future when its first window is yet to come', () => {
    expect(problemOf('新设节点', '2026-11-22', small)).toEqual({
      code: 'period-future', params: { input: '新设节点', from: '2026-12-20' },
    })
  })
})

describe('independence from the server’s time zone', () => {
  const serverZone = process.env.TZ
  afterEach(() => {
    if (serverZone === undefined) delete process.env.TZ
    else process.env.TZ = serverZone
  })

  const readAll = () => [
    ...NOVEMBER.map(([text]) => parsePeriod(text, '2026-11-22', calendar)),
    ...JANUARY.map(([text]) => parsePeriod(text, '2027-01-10', calendar)),
  ]

  it.each([
    ['UTC', 0],
    ['America/Los_Angeles', 480],
    ['Pacific/Kiritimati', -840],
  ])('gives the same answers under TZ=%s', (zone, offsetMinutes) => {
    const here = readAll()
    process.env.TZ = zone
    expect(new Date(2026, 10, 22).getTimezoneOffset()).toBe(offsetMinutes)
    expect(readAll()).toEqual(here)
    expect(readAll().map(result => result.ok && result.period)).toEqual([...NOVEMBER, ...JANUARY].map(expected))
  })
})
