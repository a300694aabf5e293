import { describe, expect, it } from 'vitest'
import { progressOf } from '../../src/duties/progress'
import { Duty } from '../../src/duties/schema'

const yearly: Duty = { id: 'activities', title: '全年开展普法活动不少于 12 场', measure: { activities: 12 } }
const securityDay: Duty = { id: 'security-day', title: '国家安全教育日开展活动', measure: { activities: 1, keyDate: 'national-security-day' }, due: '04-30' }

describe('a duty’s share of its target by a date', () => {
  it('spreads a yearly target evenly from 1 January', () => {
    expect(progressOf(yearly, 2026, '2026-07-01', 5)).toMatchObject({ expected: 6, state: 'behind' })
    expect(progressOf(yearly, 2026, '2026-07-01', 6)).toMatchObject({ expected: 6, state: 'on-track' })
  })

  it('expects nothing of a key-date duty before its window opens, and spreads it from there to the deadline', () => {
    // 4·15 is 105 days into the year: counted from 1 January, March would already owe the activity.
    expect(progressOf(securityDay, 2026, '2026-03-01', 0, '2026-04-15')).toMatchObject({ expected: 0, state: 'on-track' })
    expect(progressOf(securityDay, 2026, '2026-04-14', 0, '2026-04-15')).toMatchObject({ expected: 0, state: 'on-track' })
    expect(progressOf(securityDay, 2026, '2026-04-15', 0, '2026-04-15')).toMatchObject({ expected: 1, state: 'behind' })
    expect(progressOf(securityDay, 2026, '2026-05-01', 0, '2026-04-15')).toMatchObject({ state: 'overdue' })
    expect(progressOf(securityDay, 2026, '2026-03-01', 0)).toMatchObject({ expected: 1, state: 'behind' })
  })
})
