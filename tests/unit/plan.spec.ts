import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadLibrary } from '../../src/content/library'
import { keyDateItems } from '../../src/content/key-date-items'
import { planDay, PlanConfig, PushOptions, remindersOn } from '../../src/delivery/plan'
import { workdayOf } from '../../src/holidays/workdays'

const library = loadLibrary(resolve(__dirname, '../../config'))
const config: PlanConfig = { reminderOffsets: [7, 1], catchUpUntil: 20 * 60 }
const everything: PushOptions = { time: 8 * 60 + 30, tips: true, dates: true, reminders: true, workdays: false }

const itemsOn = (date: string) => keyDateItems(library, date).map(k => k.item.id)
const remindersFor = (date: string, workdaysOnly = false) =>
  remindersOn(library, date, config.reminderOffsets, workdaysOnly).map(r => [r.occurrence.entry.id, r.daysLeft])

describe('keyDateItems', () => {
  it.each([
    ['2026-12-01', ['constitution-week-d1']],
    // 全国交通安全日 falls inside the week and has a theme of its own: both speak.
    ['2026-12-02', ['traffic-safety-day', 'constitution-week-d2']],
    ['2026-12-03', ['constitution-week-d3']],
    ['2026-12-05', ['constitution-week-d5']],
    ['2026-12-06', ['constitution-week-d6']],
    ['2026-12-07', ['constitution-week-d7']],
    ['2026-12-08', []],
  ])('宪法宣传周 %s sends %j', (date, expected) => {
    expect(itemsOn(date)).toEqual(expected)
  })

  it('sends only the 国家宪法日 item on 12·4, not the week’s item on the same theme', () => {
    expect(itemsOn('2026-12-04')).toEqual(['constitution-day'])
  })

  it('follows the announced week: 2018’s 宪法宣传周 ran 12-02..12-08', () => {
    expect(itemsOn('2018-12-01')).toEqual([])
    expect(itemsOn('2018-12-02')).toEqual(['traffic-safety-day', 'constitution-week-d1'])
    expect(itemsOn('2018-12-08')).toEqual(['constitution-week-d7'])
  })

  it('sends single-day items on their day', () => {
    expect(itemsOn('2026-04-15')).toEqual(['national-security-day'])
    expect(itemsOn('2026-06-26')).toEqual(['anti-drug-day'])
  })

  it('sends no 全民国家安全教育日 item before the day existed', () => {
    expect(itemsOn('2015-04-15')).toEqual([])
  })

  it.each([
    ['2026-05-01', ['civil-code-month-w1']],
    ['2026-05-02', []],
    ['2026-05-08', ['civil-code-month-w2']],
    // Also 5·15 经济犯罪宣传日 and a day of 家庭教育宣传周: the core month first.
    ['2026-05-15', ['civil-code-month-w3', 'economic-crime-day', 'family-education-week-d5']],
    // 儿童节, 安全生产月 and 防范非法集资宣传月 all start on 6·1.
    ['2026-06-01', ['childrens-day', 'work-safety-month-w1', 'illegal-fundraising-month-w1']],
    ['2026-05-22', ['civil-code-month-w4']],
    ['2026-05-29', ['civil-code-month-w5']],
    ['2026-05-31', []],
  ])('民法典宣传月 %s sends %j', (date, expected) => {
    expect(itemsOn(date)).toEqual(expected)
  })
})

describe('remindersOn', () => {
  it('reminds of 国家宪法日 seven days and one day before', () => {
    expect(remindersFor('2026-11-27')).toContainEqual(['constitution-day', 7])
    expect(remindersFor('2026-12-03')).toContainEqual(['constitution-day', 1])
  })

  it('says nothing on the other days of that week', () => {
    for (const date of ['2026-11-26', '2026-11-28', '2026-12-02', '2026-12-04']) {
      expect(remindersFor(date).map(([id]) => id)).not.toContain('constitution-day')
    }
  })

  it('moves a reminder that falls on a holiday to the workday before, for a workdays-only group', () => {
    // 6·26 is a Friday; its T-7 reminder would fall on 端午节 (Friday 06-19).
    expect(workdayOf('2026-06-19').workday).toBe(false)
    expect(remindersFor('2026-06-18', true)).toContainEqual(['anti-drug-day', 8])
    expect(remindersFor('2026-06-19', true).map(([id]) => id)).not.toContain('anti-drug-day')
  })

  it('keeps a holiday reminder on its day for a group that wants every day', () => {
    expect(remindersFor('2026-06-19')).toContainEqual(['anti-drug-day', 7])
    expect(remindersFor('2026-06-18').map(([id]) => id)).not.toContain('anti-drug-day')
  })

  it('does not remind of dates that are not core', () => {
    // 南京大屠杀死难者国家公祭日 (12·13) is in the calendar but not a core date.
    expect(remindersFor('2026-12-06')).toEqual([])
    expect(remindersFor('2026-12-12')).toEqual([])
  })
})

describe('planDay', () => {
  it('sends a key date’s item and the daily tip at the group’s time in Shanghai', () => {
    const plan = planDay(library, '2026-12-04', everything, config)
    expect(plan.slots.map(s => [s.kind, s.item])).toEqual([['date', 'constitution-day'], ['tip', 'daily']])
    for (const slot of plan.slots) expect(slot.due.toISOString()).toBe('2026-12-04T00:30:00.000Z')
  })

  it('catches up an 08:30 push until 20:00', () => {
    const [slot] = planDay(library, '2026-12-04', everything, config).slots
    expect(slot.until.toISOString()).toBe('2026-12-04T12:00:00.000Z')
  })

  it('catches up a push at or after 20:00 for two hours, never past midnight', () => {
    const window = (time: number) => planDay(library, '2026-12-04', { ...everything, time }, config).slots[0]
    expect(window(20 * 60).until.toISOString()).toBe('2026-12-04T14:00:00.000Z') // 22:00
    expect(window(21 * 60).due.toISOString()).toBe('2026-12-04T13:00:00.000Z')
    expect(window(21 * 60).until.toISOString()).toBe('2026-12-04T15:00:00.000Z') // 23:00
    expect(window(23 * 60).until.toISOString()).toBe('2026-12-04T16:00:00.000Z') // midnight
    expect(window(19 * 60 + 59).until.toISOString()).toBe('2026-12-04T12:00:00.000Z') // 20:00
  })

  it('skips a workdays-only group on 国庆节 but not on the 调休 Saturday', () => {
    const workdaysOnly = { ...everything, workdays: true }
    const holiday = planDay(library, '2026-10-01', workdaysOnly, config)
    expect(holiday).toMatchObject({ skipped: true, slots: [] })
    const makeUp = planDay(library, '2026-10-10', workdaysOnly, config)
    expect(makeUp.skipped).toBe(false)
    expect(makeUp.slots.map(s => s.kind)).toEqual(['tip'])
  })

  it('sends a group that wants every day its tip and the 国庆日 item on 国庆节', () => {
    const plan = planDay(library, '2026-10-01', everything, config)
    expect(plan.skipped).toBe(false)
    expect(plan.slots.map(s => [s.kind, s.item])).toEqual([['date', 'national-day'], ['tip', 'daily']])
  })

  it('sends only reminders to a group that turned tips and key dates off', () => {
    const remindersOnly = { ...everything, tips: false, dates: false }
    const plan = planDay(library, '2026-11-27', remindersOnly, config)
    expect(plan.slots.map(s => [s.kind, s.item])).toEqual([['reminder', 'constitution-day@2026-12-04']])
    expect(planDay(library, '2026-12-04', remindersOnly, config).slots).toEqual([])
  })

  it('sends only the tip when key dates and reminders are off', () => {
    const tipsOnly = { ...everything, dates: false, reminders: false }
    expect(planDay(library, '2026-11-27', tipsOnly, config).slots.map(s => s.kind)).toEqual(['tip'])
    expect(planDay(library, '2026-12-04', tipsOnly, config).slots.map(s => s.kind)).toEqual(['tip'])
  })

  it('sends only the key-date item when tips and reminders are off', () => {
    const datesOnly = { ...everything, tips: false, reminders: false }
    expect(planDay(library, '2026-12-04', datesOnly, config).slots.map(s => s.item)).toEqual(['constitution-day'])
    expect(planDay(library, '2026-11-27', datesOnly, config).slots).toEqual([])
  })

  it('gives a workdays-only group the moved reminder on the workday before a holiday', () => {
    const workdaysOnly = { ...everything, tips: false, dates: false, workdays: true }
    const plan = planDay(library, '2026-06-18', workdaysOnly, config)
    expect(plan.slots.map(s => s.item)).toEqual(['anti-drug-day@2026-06-26'])
    expect(planDay(library, '2026-06-19', workdaysOnly, config).slots).toEqual([])
  })
})

describe('planDay with the quiz', () => {
  const quiz = { opensAt: 9 * 60, closesAt: 22 * 60, weeklyDay: 1, weeklyAt: 9 * 60 }
  const withQuiz: PlanConfig = { ...config, quiz }
  const quizOnly: PushOptions = { time: 8 * 60 + 30, tips: false, dates: false, reminders: false, workdays: false, quiz: true }
  const slots = (date: string, options: PushOptions, planConfig = withQuiz) =>
    planDay(library, date, options, planConfig).slots.map(s => [s.kind, s.item, s.due.toISOString(), s.until.toISOString()])

  it('puts the question at its opening time, sent until answers close, in Shanghai', () => {
    expect(slots('2026-12-08', quizOnly)).toEqual([['quiz', 'daily', '2026-12-08T01:00:00.000Z', '2026-12-08T14:00:00.000Z']])
  })

  it('adds the week before’s results on the weekly day, named by that week’s Monday', () => {
    expect(slots('2026-12-14', quizOnly)).toEqual([
      ['quiz', 'daily', '2026-12-14T01:00:00.000Z', '2026-12-14T14:00:00.000Z'],
      ['quiz-week', '2026-12-07', '2026-12-14T01:00:00.000Z', '2026-12-14T12:00:00.000Z'],
    ])
  })

  it('plans nothing of the quiz for a group that did not opt in, or when the quiz is not installed', () => {
    expect(slots('2026-12-14', { ...quizOnly, quiz: false })).toEqual([])
    expect(slots('2026-12-14', quizOnly, config)).toEqual([])
  })

  it('skips the question on a day off for a workdays-only group, but not the weekly results', () => {
    // 2026-10-05 is a Monday of the 国庆节 holiday.
    expect(slots('2026-10-05', { ...quizOnly, workdays: true }).map(([kind]) => kind)).toEqual(['quiz-week'])
  })
})
