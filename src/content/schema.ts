import { z } from 'zod'
import { parseDate } from '../time/local-date'

const isoDate = z.string().refine(value => parseDate(value) === value, '应为有效日期，格式 YYYY-MM-DD')
const kebabId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id 只能用小写字母、数字和连字符')
const articleNo = z.string().regex(/^第[零一二三四五六七八九十百千]+条(之[一二三四五六七八九十]+)?$/, '条号应写成“第X条”或“第X条之一”')

export const LIMITS = {
  title: 24,
  tipBody: 300,
  itemBody: 600,
  opening: 80,
  quote: 400,
} as const

export const themeSchema = z.strictObject({
  id: z.string().min(1).max(12),
  parent: z.string().optional(),
  description: z.string().optional(),
})

export const lawSchema = z.strictObject({
  /** Short name used in tips, e.g. 民法典. */
  id: z.string().min(1),
  /** Full official title. */
  title: z.string().min(1),
  /** Date of the text version cited (adoption of the latest revision). */
  version: isoDate,
  effective: isoDate,
  repealed: isoDate.optional(),
  replacedBy: z.string().optional(),
  /** Statute file name (without directory) used by `content check --laws`. */
  file: z.string().optional(),
  /** Other names people use for it (治安法, 反诈法), for 「法条」. */
  aliases: z.array(z.string().min(1)).optional(),
})

const citation = {
  law: z.string().min(1),
  article: articleNo,
  quote: z.string().min(1).max(LIMITS.quote).optional(),
}

export const tipSchema = z.strictObject({
  id: kebabId,
  title: z.string().min(2).max(LIMITS.title),
  body: z.string().min(20).max(LIMITS.tipBody),
  ...citation,
  themes: z.array(z.string()).min(1),
  keyDates: z.array(z.string()).default([]),
  /** Tips making the same point (醉驾 in two laws): a group gets them at least a week apart. */
  group: kebabId.optional(),
  validFrom: isoDate,
})

export const itemSchema = z.strictObject({
  id: kebabId,
  /** Calendar entry id. */
  entry: z.string().min(1),
  /** Day of a multi-day window (1 = first day). */
  day: z.number().int().min(1).max(31).optional(),
  /** Week of a month-long window (1 = days 1–7). */
  week: z.number().int().min(1).max(5).optional(),
  title: z.string().min(2).max(LIMITS.title),
  /**
   * The sentence that says which day of the window today is (今天是宪法宣传周第一天). For a
   * window whose dates are announced each year it is only pushed once that year's dates
   * are entered in the calendar; the body must not claim the day itself.
   */
  opening: z.string().min(4).max(LIMITS.opening).optional(),
  /** Short paragraphs, one per line (a YAML block scalar `|-`). */
  body: z.string().min(20).max(LIMITS.itemBody),
  law: citation.law.optional(),
  article: citation.article.optional(),
  quote: citation.quote,
}).refine(item => !(item.day && item.week), { message: 'day 与 week 只能填一个', path: ['week'] })
  .refine(item => !item.quote || (item.law && item.article), { message: '有 quote 时必须写明 law 和 article', path: ['quote'] })

export type Theme = z.infer<typeof themeSchema>
export type Law = z.infer<typeof lawSchema>
export type Tip = z.infer<typeof tipSchema>
export type KeyDateItem = z.infer<typeof itemSchema>
