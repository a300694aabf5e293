import { resolve } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { loadLibrary } from '../../src/content/library'
import { PlanConfig, planDay } from '../../src/delivery/plan'
import { shanghaiInstant } from '../../src/time/shanghai'
import { DaySlots, slotKey } from '../../plugins/push/src/day-slots'
import { Subscription } from '../../plugins/push/src/models'

const library = loadLibrary(resolve(__dirname, '../../config'))
const config: PlanConfig = {
  reminderOffsets: [7, 1],
  catchUpUntil: 20 * 60,
  quiz: { opensAt: 9 * 60, closesAt: 22 * 60, weeklyDay: 1, weeklyAt: 9 * 60 },
}

/** Groups as they subscribe: push times on a few minutes, any options, some created during the day. */
const subscriptions = fc.array(fc.record({
  time: fc.constantFrom(7 * 60, 8 * 60, 8 * 60 + 30, 9 * 60, 20 * 60),
  tips: fc.boolean(),
  dates: fc.boolean(),
  reminders: fc.boolean(),
  workdays: fc.boolean(),
  quiz: fc.boolean(),
  createdMinute: fc.constantFrom(0, 8 * 60 + 15, 12 * 60),
}), { maxLength: 40 })

function subscription(date: string, i: number, options: { createdMinute: number } & Pick<Subscription, 'time' | 'tips' | 'dates' | 'reminders' | 'workdays' | 'quiz'>): Subscription {
  const createdAt = shanghaiInstant(date, options.createdMinute)
  return {
    platform: 'mock', channelId: `g${i}`, guildId: `g${i}`, selfId: '514', proactive: 'unknown',
    createdBy: 'mock:admin', createdAt, updatedAt: createdAt, ...options,
  }
}

describe('a date planned for many groups at once', () => {
  // 12·1 opens 宪法宣传周 (key-date items and reminders), 12·7 is a Monday (weekly quiz
  // results), 12·5 is a Saturday (workdays-only groups skip it).
  it.each(['2026-12-01', '2026-12-05', '2026-12-07'])('on %s gives each group the slots its own plan has, in due order', async (date) => {
    await fc.assert(fc.asyncProperty(subscriptions, async (options) => {
      const subs = options.map((o, i) => subscription(date, i, o))
      const day = await DaySlots.plan(library, date, config, subs, '')
      const planned = await day.due(shanghaiInstant(date, 24 * 60 - 1), new Set())

      const expected = subs.flatMap(sub => planDay(library, date, sub, config).slots
        .filter(slot => slot.due >= sub.createdAt)
        .map(slot => ({ due: +slot.due, key: slotKey(date, slot, sub), slot })))
        .sort((a, b) => a.due - b.due)
      expect(planned.map(c => c.key)).toEqual(expected.map(e => e.key))
      expect(planned.map(c => c.slot)).toEqual(expected.map(e => e.slot))
    }), { numRuns: 60 })
  })
})
