/**
 * At most `limit` sends in any `windowMs` (a sliding window), per robot. A send reserves
 * its moment in advance, so sends queued at once keep their order and never overshoot.
 * A throttle answer from the platform blocks the robot until a given time.
 */
export class SlidingWindow {
  /** Moments of past and reserved sends, ascending. */
  private times: number[] = []
  private blockedUntil = 0

  constructor(readonly limit: number, readonly windowMs: number) {}

  /** The moments at which `count` more sends may go, without reserving them. */
  peek(count: number, now: number): number[] {
    const times = this.times.filter(time => time > now - this.windowMs)
    const start = Math.max(now, this.blockedUntil)
    const planned: number[] = []
    for (let i = 0; i < count; i++) {
      // The (limit)th send back must have left the window before this one goes.
      const previous = times.length >= this.limit ? times[times.length - this.limit] + this.windowMs : start
      const at = Math.max(start, previous, times[times.length - 1] ?? start)
      times.push(at)
      planned.push(at)
    }
    return planned
  }

  /** Reserves `count` sends and returns their moments. */
  reserve(count: number, now: number): number[] {
    const planned = this.peek(count, now)
    this.times = this.times.filter(time => time > now - this.windowMs).concat(planned)
    return planned
  }

  block(until: number) {
    this.blockedUntil = Math.max(this.blockedUntil, until)
  }
}
