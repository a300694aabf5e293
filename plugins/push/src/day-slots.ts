import { dayPlanner, PlanConfig, PlannedSlot } from '../../../src/delivery/plan'
import { Library } from '../../../src/content/library'
import { LocalDate } from '../../../src/time/local-date'
import { Subscription } from './models'
import { breathe } from './plain-rows'

export interface Candidate {
  sub: Subscription
  slot: PlannedSlot
  key: string
}

/** Groups planned between two turns of the event loop. */
const PLAN_SLICE = 250

export function slotKey(date: LocalDate, slot: Pick<PlannedSlot, 'kind' | 'item'>, sub: Pick<Subscription, 'platform' | 'channelId'>) {
  return [date, slot.kind, slot.item, sub.platform, sub.channelId].join('|')
}

/**
 * Every slot of one date for a set of subscriptions, earliest due first. Planned once per
 * date and subscription set, not every minute: a tick then looks only at the slots that
 * have come due and are not settled, and a normal minute touches none of them.
 */
export class DaySlots {
  private constructor(readonly date: LocalDate, readonly signature: string, private slots: Candidate[]) {}

  /** Plans `subs` for `date`, a slice of groups at a time so chat is served in between. */
  static async plan(library: Library, date: LocalDate, config: PlanConfig, subs: Subscription[], signature: string) {
    const plan = dayPlanner(library, date, config)
    const slots: Candidate[] = []
    for (let i = 0; i < subs.length; i++) {
      if (i && i % PLAN_SLICE === 0) await breathe()
      const sub = subs[i]
      for (const slot of plan(sub).slots) {
        // A group subscribed after the date's push time starts the day after, not with a backlog.
        if (slot.due < sub.createdAt) continue
        slots.push({ sub, slot, key: slotKey(date, slot, sub) })
      }
    }
    slots.sort((a, b) => +a.slot.due - +b.slot.due)
    return new DaySlots(date, signature, slots)
  }

  /** Slots due by `now` and not in `settled`; settled ones are dropped for good. */
  due(now: Date, settled: Set<string>): Candidate[] {
    const due: Candidate[] = []
    let kept = 0, i = 0
    for (; i < this.slots.length && this.slots[i].slot.due <= now; i++) {
      const candidate = this.slots[i]
      if (settled.has(candidate.key)) continue
      this.slots[kept++] = candidate
      due.push(candidate)
    }
    if (kept < i) this.slots.splice(kept, i - kept)
    return due
  }
}
