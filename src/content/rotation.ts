import { Occurrence } from '../calendar/calendar'
import { addDays, LocalDate } from '../time/local-date'
import { Library } from './library'
import { Tip } from './schema'

/** A tip already given to a group, in rotation cycle `cycle`. */
export interface PickRecord {
  tipId: string
  cycle: number
}

export interface TipPick {
  tip: Tip
  cycle: number
  /** The key date whose theme the tip was drawn from, in the week before it. */
  focus?: Occurrence
}

/** How many days before a key date tips are drawn from its theme. */
export const FOCUS_DAYS = 7

/** 32-bit FNV-1a: a stable per-group order of tips, different for each group. */
function hash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** The nearest key date starting 1–7 days after `date`, if any. */
export function upcomingFocus(library: Library, date: LocalDate): Occurrence | undefined {
  return library.calendar.between(addDays(date, 1), addDays(date, FOCUS_DAYS))
    .find(o => o.start > date && o.entry.core)
}

export function tipMatches(library: Library, tip: Tip, occurrence: Occurrence): boolean {
  if (tip.keyDates.includes(occurrence.entry.id)) return true
  return tip.themes.some((theme) => {
    const parent = library.themes.get(theme)?.parent
    return occurrence.entry.themes.includes(theme) || (!!parent && occurrence.entry.themes.includes(parent))
  })
}

/**
 * Chooses a group's tip for a date. A group sees no tip twice until it has seen every tip
 * valid on that date (a cycle); in the week before a key date, unseen tips of its theme
 * come first. The choice is deterministic for (group, date, history).
 */
export function pickTip(library: Library, date: LocalDate, history: PickRecord[], seed: string): TipPick | undefined {
  const valid = library.tips.filter(tip => tip.validFrom <= date)
  if (!valid.length) return
  let cycle = history.reduce((max, record) => Math.max(max, record.cycle), 0)
  const seen = new Set(history.filter(record => record.cycle === cycle).map(record => record.tipId))
  let unseen = valid.filter(tip => !seen.has(tip.id))
  if (!unseen.length) {
    cycle += 1
    unseen = valid
  }
  const focus = upcomingFocus(library, date)
  const themed = focus ? unseen.filter(tip => tipMatches(library, tip, focus)) : []
  const pool = themed.length ? themed : unseen
  const order = (tip: Tip) => hash(`${seed}|${tip.id}`)
  const tip = pool.reduce((best, candidate) => order(candidate) < order(best) ? candidate : best)
  return { tip, cycle, focus: themed.length ? focus : undefined }
}
