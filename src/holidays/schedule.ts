import { existsSync } from 'node:fs'
import { z } from 'zod'
import { readYamlList } from '../data-file'
import { addDays, LocalDate, parseDate } from '../time/local-date'

const isoDate = z.string().refine(value => parseDate(value) === value, '应为有效日期，格式 YYYY-MM-DD')

/**
 * One year's statutory holidays and 调休 working days as published by the State Council,
 * for a year the holiday package does not cover yet (`config/holidays.yml`).
 */
export const holidayYearSchema = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  holidays: z.array(z.strictObject({
    name: z.string().min(1),
    /** First and last day off, both included. */
    from: isoDate,
    to: isoDate,
  }).refine(h => h.from <= h.to, { message: '结束日期早于开始日期', path: ['to'] })).min(1, '至少写一段放假的日子'),
  /** Weekend days that are working days (调休上班). */
  workdays: z.array(isoDate).default([]),
}).superRefine((entry, ctx) => {
  const year = String(entry.year)
  entry.holidays.forEach((holiday, index) => {
    for (const key of ['from', 'to'] as const) {
      if (!holiday[key].startsWith(year)) ctx.addIssue({ code: 'custom', message: `不在 ${year} 年内`, path: ['holidays', index, key] })
    }
  })
  entry.workdays.forEach((date, index) => {
    if (!date.startsWith(year)) ctx.addIssue({ code: 'custom', message: `不在 ${year} 年内`, path: ['workdays', index] })
  })
})

export type HolidayYear = z.infer<typeof holidayYearSchema>

/** Days off and 调休 working days of the years a deployer entered, by year. */
export class HolidaySchedule {
  private holidays = new Set<LocalDate>()
  private workdays = new Set<LocalDate>()
  private years = new Set<string>()

  constructor(entries: HolidayYear[] = []) {
    for (const entry of entries) {
      this.years.add(String(entry.year))
      for (const { from, to } of entry.holidays) {
        for (let day = from; day <= to; day = addDays(day, 1)) this.holidays.add(day)
      }
      for (const day of entry.workdays) this.workdays.add(day)
    }
  }

  covers(date: LocalDate): boolean {
    return this.years.has(date.slice(0, 4))
  }

  isHoliday(date: LocalDate): boolean {
    return this.holidays.has(date)
  }

  isAdjustedWorkday(date: LocalDate): boolean {
    return this.workdays.has(date)
  }
}

/** Reads `holidays.yml`: the schedule, and a problem line per bad field (file, entry, field). */
export function readHolidays(file: string): { schedule: HolidaySchedule; problems: string[] } {
  if (!existsSync(file)) return { schedule: new HolidaySchedule(), problems: [] }
  const { entries, problems } = readYamlList(file, holidayYearSchema)
  const seen = new Set<number>()
  for (const entry of entries) {
    if (seen.has(entry.year)) problems.push(`holidays.yml year: ${entry.year}：这一年写了两次`)
    seen.add(entry.year)
  }
  return { schedule: new HolidaySchedule(entries), problems }
}
