/**
 * A first-come, first-served lock with one exception: a holder marked background (the
 * push scheduler's bulk work) waits while anyone else waits, so a chat command waits for
 * at most the one operation in progress, not for a tick's queue. Within each class the
 * turns go in arrival order, so waiters never race each other for the turn.
 */
export class Gate {
  private held = false
  private waiting: (() => void)[] = []
  private waitingBackground: (() => void)[] = []

  get idle() {
    return !this.held && !this.waiting.length && !this.waitingBackground.length
  }

  /** Waits for the turn; the returned function hands it to the next waiter. */
  async acquire(background = false): Promise<() => void> {
    if (this.held) {
      await new Promise<void>(resolve => (background ? this.waitingBackground : this.waiting).push(resolve))
    } else {
      this.held = true
    }
    let released = false
    return () => {
      if (released) return
      released = true
      const next = this.waiting.shift() ?? this.waitingBackground.shift()
      // The turn passes straight to the next waiter: nobody arriving meanwhile takes it.
      if (next) next()
      else this.held = false
    }
  }

  async run<T>(task: () => Promise<T>, background = false): Promise<T> {
    const release = await this.acquire(background)
    try {
      return await task()
    } finally {
      release()
    }
  }
}
