import { dayPlanner, optionsShape, PlanConfig, PlannedSlot } from '../../../src/delivery/plan'
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
/** Slots looked at between two turns of the event loop. */
export const DUE_SLICE = 5000

const slotPrefix = (date: LocalDate, slot: Pick<PlannedSlot, 'kind' | 'item'>) => `${date}|${slot.kind}|${slot.item}|`
const groupPart = (sub: Pick<Subscription, 'platform' | 'channelId'>) => `${sub.platform}|${sub.channelId}`

export function slotKey(date: LocalDate, slot: Pick<PlannedSlot, 'kind' | 'item'>, sub: Pick<Subscription, 'platform' | 'channelId'>) {
  return slotPrefix(date, slot) + groupPart(sub)
}

/** A shape's slots on the date, with what each group's candidate is made of. */
interface ShapeSlot {
  slot: PlannedSlot
  due: number
  prefix: string
}

/**
 * Every slot of one date for a set of subscriptions, earliest due first. Planned once per
 * date and subscription set, not every minute: a tick then looks only at the slots that
 * have come due and are not settled, and a normal minute touches none of them.
 */
export class DaySlots {
  private constructor(readonly date: LocalDate, readonly signature: string, private slots: Candidate[]) {}

  /**
   * Plans `subs` for `date`, a slice of groups at a time so chat is served in between.
   * Groups with the same options share one plan (thousands of groups have a few hundred
   * shapes), and candidates are ordered by bucketing on the due time, not by a sort.
   */
  static async plan(library: Library, date: LocalDate, config: PlanConfig, subs: Subscription[], signature: string) {
    const plan = dayPlanner(library, date, config)
    const shapes = new Map<string, ShapeSlot[]>()
    const byDue = new Map<number, Candidate[]>()
    for (let i = 0; i < subs.length; i++) {
      if (i && i % PLAN_SLICE === 0) await breathe()
      const sub = subs[i]
      const shape = optionsShape(sub)
      let planned = shapes.get(shape)
      if (!planned) {
        planned = plan(sub).slots.map(slot => ({ slot, due: +slot.due, prefix: slotPrefix(date, slot) }))
        shapes.set(shape, planned)
      }
      const createdAt = +sub.createdAt, group = groupPart(sub)
      for (const { slot, due, prefix } of planned) {
        // A group subscribed after the date's push time starts the day after, not with a backlog.
        if (due < createdAt) continue
        const bucket = byDue.get(due)
        const candidate = { sub, slot, key: prefix + group }
        if (bucket) bucket.push(candidate)
        else byDue.set(due, [candidate])
      }
    }
    const slots = [...byDue.keys()].sort((a, b) => a - b).flatMap(due => byDue.get(due)!)
    return new DaySlots(date, signature, slots)
  }

  /**
   * Slots due by `now` and not in `settled`; settled ones are dropped for good. After a
   * restart that is every slot so far, tens of thousands: chat is served between slices.
   */
  async due(now: Date, settled: Set<string>): Promise<Candidate[]> {
    const due: Candidate[] = []
    let kept = 0, i = 0
    for (; i < this.slots.length && this.slots[i].slot.due <= now; i++) {
      if (i && i % DUE_SLICE === 0) await breathe()
      const candidate = this.slots[i]
      if (settled.has(candidate.key)) continue
      this.slots[kept++] = candidate
      due.push(candidate)
    }
    if (kept < i) this.slots.splice(kept, i - kept)
    return due
  }
}
