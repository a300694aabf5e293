import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HolidaySchedule, readHolidays } from '../../src/holidays/schedule'
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

describe('a year entered in config/holidays.yml', () => {
  const schedule = new HolidaySchedule([{
    year: 2027,
    holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }, { name: '国庆节', from: '2027-10-01', to: '2027-10-07' }],
    workdays: ['2027-10-09'],
  }])

  it('answers from the config, ahead of the package, and counts as known', () => {
    expect(workdayOf('2027-01-01', schedule)).toEqual({ workday: false, known: true })
    expect(workdayOf('2027-10-05', schedule)).toEqual({ workday: false, known: true })
    expect(workdayOf('2027-10-09', schedule)).toEqual({ workday: true, known: true })
    expect(workdayOf('2027-10-10', schedule)).toEqual({ workday: false, known: true })
    expect(workdayOf('2027-10-13', schedule)).toEqual({ workday: true, known: true })
    expect(workdayOnOrBefore('2027-10-07', schedule)).toBe('2027-09-30')
  })

  it('leaves the package years and the years nobody entered as they were', () => {
    expect(workdayOf('2026-10-10', schedule)).toEqual({ workday: true, known: true })
    expect(workdayOf('2028-01-03', schedule)).toEqual({ workday: true, known: false })
  })
})

describe('readHolidays', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })
  const read = (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'pufa-holidays-'))
    dirs.push(dir)
    writeFileSync(join(dir, 'holidays.yml'), text)
    return readHolidays(join(dir, 'holidays.yml'))
  }

  it('reads a year', () => {
    const { schedule, problems } = read("- year: 2027\n  holidays:\n    - { name: 元旦, from: '2027-01-01', to: '2027-01-01' }\n  workdays: ['2027-02-06']\n")
    expect(problems).toEqual([])
    expect(workdayOf('2027-01-01', schedule)).toEqual({ workday: false, known: true })
    expect(workdayOf('2027-02-06', schedule)).toEqual({ workday: true, known: true })
  })

  it('names the file, the entry and the field of each mistake', () => {
    const { problems } = read([
      '- year: 2027',
      '  holidays:',
      "    - { name: 春节, from: '2027-02-10', to: '2027-02-06' }",
      "    - { name: 国庆节, from: '2027-10-01', to: '2028-10-07' }",
      "  workdays: ['2027-02-30']",
      '- year: 2027',
      '  holidays: []',
    ].join('\n'))
    expect(problems).toEqual([
      'holidays.yml 第 1 项（year: 2027） 字段 holidays.0.to：结束日期早于开始日期',
      'holidays.yml 第 1 项（year: 2027） 字段 workdays.0：应为有效日期，格式 YYYY-MM-DD',
      'holidays.yml 第 1 项（year: 2027） 字段 holidays.1.to：不在 2027 年内',
      'holidays.yml 第 2 项（year: 2027） 字段 holidays：至少写一段放假的日子',
    ])
  })

  it('is optional', () => {
    expect(readHolidays(join(tmpdir(), 'no-such-dir', 'holidays.yml')).problems).toEqual([])
  })
})
