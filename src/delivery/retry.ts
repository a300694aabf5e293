/** Retry policy for failed sends: exponential backoff, capped, within the catch-up window. */
export interface RetryPolicy {
  maxAttempts: number
  /** Delay before the 2nd attempt; doubles each time. */
  baseDelayMs: number
  maxDelayMs: number
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 60_000, maxDelayMs: 30 * 60_000 }

/** When the next attempt may start after `attempts` failed ones, or undefined when none is left. */
export function nextAttemptAt(policy: RetryPolicy, attempts: number, failedAt: Date): Date | undefined {
  if (attempts >= policy.maxAttempts) return
  const delay = Math.min(policy.baseDelayMs * 2 ** (attempts - 1), policy.maxDelayMs)
  return new Date(failedAt.getTime() + delay)
}
