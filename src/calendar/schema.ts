import { z } from 'zod'
import { daysInMonth } from '../time/local-date'

/** `MM-DD`, checked against a leap year so 02-29 is accepted. */
export const monthDay = z.string().regex(/^\d{2}-\d{2}$/, '应写成 MM-DD').refine((value) => {
  const [month, day] = value.split('-').map(Number)
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(2024, month)
}, '不是有效的月-日')

/** [start, end] within one year. */
const window = z.tuple([monthDay, monthDay]).refine(([start, end]) => start <= end, '结束日期早于开始日期（区间不能跨年）')

const rule = z.strictObject({
  month: z.number().int().min(1).max(12),
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: z.number().int().min(1).max(7),
  /** 1–5, or -1 for the last one in the month. */
  nth: z.union([z.number().int().min(1).max(5), z.literal(-1)]),
  /** Length of the window starting on that day (default 1). */
  days: z.number().int().min(1).max(31).default(1),
})

export const whenSchema = z.union([
  z.strictObject({ day: monthDay }),
  z.strictObject({ range: window }),
  z.strictObject({ month: z.number().int().min(1).max(12) }),
  z.strictObject({ rule }),
  /** The Monday-to-Sunday week containing a day, e.g. 5·15 所在周. */
  z.strictObject({ weekOf: monthDay }),
])

export const entrySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id 只能用小写字母、数字和连字符'),
  name: z.string().min(2),
  /** Short label for lists, e.g. 12·4. */
  label: z.string().optional(),
  when: whenSchema,
  /** Dates are announced each year; without an entry in `years` the default is an estimate. */
  announced: z.boolean().default(false),
  /** Per-year windows as announced: year → [start MM-DD, end MM-DD]. */
  years: z.record(z.string().regex(/^\d{4}$/, '年份应为四位数字'), window).default({}),
  /** First year the date was observed. */
  since: z.number().int().min(1949).max(2100).optional(),
  themes: z.array(z.string()).min(1),
  laws: z.array(z.string()).min(1),
  basis: z.string().min(4),
  /** Core dates get reminders and chasing; others only show up in the calendar and tips. */
  core: z.boolean().default(false),
})

export type CalendarEntry = z.infer<typeof entrySchema>
