import { describe, expect, it } from 'vitest'
import { checkpointEnded, listsWithNotices, noticeDuties, overdueDuties } from '../../src/duties/letters'
import { progressOf } from '../../src/duties/progress'
import { Duty, DutyYear } from '../../src/duties/schema'

const yearly: Duty = { id: 'activities', title: '全年开展普法活动不少于 12 场', measure: { activities: 12 } }
const week: Duty = { id: 'week', title: '宪法宣传周开展宣传', measure: { activities: 1, keyDate: 'constitution-week' }, due: '12-10' }
const summary: Duty = { id: 'summary', title: '报送年度普法工作总结', due: '12-20' }
const early: Duty = { id: 'early', title: '年初报送普法计划', due: '01-05' }

const lists: DutyYear[] = [
  { year: 2026, duties: [yearly, week, summary], units: {} },
  { year: 2027, duties: [yearly], units: { 县公安局: [early] } },
]

describe('提示函 days', () => {
  it('are the offsets before each deadline, a deadline early next year included', () => {
    expect(listsWithNotices(lists, '2026-12-17', [14, 3]).map(list => list.year)).toEqual([2026])
    expect(listsWithNotices(lists, '2026-12-16', [14, 3])).toEqual([])
    expect(listsWithNotices(lists, '2026-12-22', [14, 3]).map(list => list.year)).toEqual([2027])
  })

  it('name only unfinished duties due that day', () => {
    const progress = [progressOf(yearly, 2026, '2026-12-17', 12), progressOf(summary, 2026, '2026-12-17', 0), progressOf(week, 2026, '2026-12-17', 0)]
    expect(noticeDuties(progress, '2026-12-17', [14, 3]).map(p => p.duty.id)).toEqual(['summary'])
  })
})

describe('督办函', () => {
  it('goes the day after a checkpoint, across the year end too', () => {
    expect(checkpointEnded('2026-10-01', ['06-30', '09-30'])).toBe('2026-09-30')
    expect(checkpointEnded('2026-09-30', ['06-30', '09-30'])).toBeUndefined()
    expect(checkpointEnded('2027-01-01', ['12-31'])).toBe('2026-12-31')
  })

  it('names duties behind their share or overdue, but not a key-date duty before its deadline', () => {
    const progress = [
      progressOf(yearly, 2026, '2026-09-30', 5), // 9 expected by 09-30
      progressOf(week, 2026, '2026-09-30', 0), // behind by share, but its week is in December
      progressOf(summary, 2026, '2026-09-30', 0), // open, not due yet
    ]
    expect(progress.map(p => p.state)).toEqual(['behind', 'behind', 'open'])
    expect(overdueDuties(progress).map(p => p.duty.id)).toEqual(['activities'])
    const late = [progressOf(week, 2026, '2026-12-11', 0), progressOf(summary, 2026, '2026-12-21', 0), progressOf(yearly, 2026, '2026-09-30', 9)]
    expect(overdueDuties(late).map(p => p.duty.id)).toEqual(['week', 'summary'])
  })
})
