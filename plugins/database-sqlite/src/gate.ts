/**
 * A first-come, first-served lock: each holder runs only after every earlier one has
 * released it, so waiters never race each other for the turn.
 */
export class Gate {
  private tail: Promise<void> = Promise.resolve()
  /** Holders and waiters. */
  private pending = 0

  get idle() {
    return this.pending === 0
  }

  /** Waits for the turn; the returned function hands it to the next waiter. */
  async acquire(): Promise<() => void> {
    let release!: () => void
    const turn = new Promise<void>(resolve => release = () => {
      this.pending--
      resolve()
    })
    this.pending++
    const previous = this.tail
    this.tail = previous.then(() => turn)
    await previous
    return release
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    const release = await this.acquire()
    try {
      return await task()
    } finally {
      release()
    }
  }
}
