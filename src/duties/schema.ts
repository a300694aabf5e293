import { z } from 'zod'
import { monthDay } from '../calendar/schema'

/** What a duty counts, from the unit's active reports in the duty's year. */
const measure = z.strictObject({
  /** At least this many activities. */
  activities: z.number().int().min(1).max(100_000).optional(),
  /** At least this many people reached (参与人次). */
  participants: z.number().int().min(1).max(10_000_000).optional(),
  /** At least this many materials handed out. */
  materials: z.number().int().min(1).max(10_000_000).optional(),
  /** Only reports of this theme (and its sub-themes). */
  theme: z.string().min(1).optional(),
  /** Only reports of this form (讲座, 集中宣传 …). */
  form: z.string().min(1).optional(),
  /** Only reports tagged with this key date (a calendar id). */
  keyDate: z.string().min(1).optional(),
}).refine(m => [m.activities, m.participants, m.materials].filter(v => v !== undefined).length === 1,
  '只能写 activities、participants、materials 中的一项作为目标')

export const dutySchema = z.strictObject({
  /** Short id, unique within the year's list, used in commands (清单 完成 城关镇 constitution-week). */
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id 只能用小写字母、数字和连字符'),
  title: z.string().min(4).max(60),
  /** Unit kinds this duty applies to; all kinds when omitted. */
  kinds: z.array(z.string().min(1)).min(1).optional(),
  /** Counted from reports; without it the duty is marked done by an admin. */
  measure: measure.optional(),
  /** Deadline within the year (MM-DD); the year's end when omitted. */
  due: monthDay.optional(),
})

export const dutyYearSchema = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  duties: z.array(dutySchema).min(1),
  /** Extra duties for named units, on top of those for their kind. */
  units: z.record(z.string().min(1), z.array(dutySchema).min(1)).default({}),
})

export type Duty = z.infer<typeof dutySchema>
export type DutyMeasure = NonNullable<Duty['measure']>
export type DutyYear = z.infer<typeof dutyYearSchema>
