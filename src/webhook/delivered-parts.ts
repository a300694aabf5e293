/**
 * How many leading parts of a split message reached a robot before a later part failed,
 * so that the retry of the same message resumes instead of repeating them. Kept for the
 * most recent `capacity` messages only, in memory: after a restart a retry starts over.
 */
export class DeliveredParts {
  private counts = new Map<string, number>()

  constructor(private capacity = 1000) {}

  private key(robotId: number, text: string) {
    return `${robotId}\n${text}`
  }

  get(robotId: number, text: string): number {
    return this.counts.get(this.key(robotId, text)) ?? 0
  }

  set(robotId: number, text: string, count: number) {
    const key = this.key(robotId, text)
    this.counts.delete(key)
    if (count <= 0) return
    this.counts.set(key, count)
    if (this.counts.size > this.capacity) this.counts.delete(this.counts.keys().next().value!)
  }
}
