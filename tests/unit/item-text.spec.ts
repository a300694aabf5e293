import { describe, expect, it } from 'vitest'
import { Calendar } from '../../src/calendar/calendar'
import { entrySchema } from '../../src/calendar/schema'
import { itemParagraphs } from '../../src/content/item-text'
import { itemSchema } from '../../src/content/schema'

const week = entrySchema.parse({
  id: 'constitution-week',
  name: '宪法宣传周',
  when: { range: ['12-01', '12-07'] },
  announced: true,
  years: { '2025': ['12-01', '12-07'] },
  themes: ['宪法'],
  laws: ['宪法'],
  basis: '每年公布日期',
})
const calendar = new Calendar([week])
const item = itemSchema.parse({
  id: 'constitution-week-d1',
  entry: 'constitution-week',
  day: 1,
  title: '宪法进企业',
  opening: '今天是宪法宣传周第一天。',
  body: '第一段讲个体经济受保护。\n第二段讲劳动权利和义务。\n',
})
const neutral = '宪法宣传周的具体日期以当地通知为准。'

describe('itemParagraphs', () => {
  it('opens with the day in a year whose dates are entered', () => {
    expect(itemParagraphs(item, calendar.occurrence(week, 2025)!, neutral))
      .toEqual(['今天是宪法宣传周第一天。', '第一段讲个体经济受保护。', '第二段讲劳动权利和义务。'])
  })

  it('puts the neutral line in place of the day in an estimated year', () => {
    expect(itemParagraphs(item, calendar.occurrence(week, 2026)!, neutral))
      .toEqual([neutral, '第一段讲个体经济受保护。', '第二段讲劳动权利和义务。'])
  })

  it('adds nothing to an item without an opening', () => {
    const plain = { ...item, opening: undefined }
    expect(itemParagraphs(plain, calendar.occurrence(week, 2026)!, neutral))
      .toEqual(['第一段讲个体经济受保护。', '第二段讲劳动权利和义务。'])
  })
})
