import { describe, expect, it } from 'vitest'
import { defaultRetryPolicy, nextAttemptAt } from '../../src/delivery/retry'

const failedAt = new Date('2026-12-04T00:30:00Z')
const minutesLater = (attempts: number) => {
  const next = nextAttemptAt(defaultRetryPolicy, attempts, failedAt)
  return next && (next.getTime() - failedAt.getTime()) / 60_000
}

describe('nextAttemptAt', () => {
  it('waits 1, 2, 4, 8 minutes after successive failures', () => {
    expect([1, 2, 3, 4].map(minutesLater)).toEqual([1, 2, 4, 8])
  })

  it('gives up after the fifth failed attempt', () => {
    expect(minutesLater(5)).toBeUndefined()
  })

  it('never waits longer than the cap', () => {
    const patient = { maxAttempts: 20, baseDelayMs: 60_000, maxDelayMs: 30 * 60_000 }
    expect(nextAttemptAt(patient, 10, failedAt)?.toISOString()).toBe('2026-12-04T01:00:00.000Z')
  })
})
