import { Occurrence } from '../calendar/calendar'
import { addDays, LocalDate } from '../time/local-date'
import { keyDateItems } from './key-date-items'
import { Library } from './library'
import { Tip } from './schema'

/** A tip already given to a group, in rotation cycle `cycle`, on `date`. */
export interface PickRecord {
  tipId: string
  cycle: number
  date?: LocalDate
}

export interface TipPick {
  tip: Tip
  cycle: number
  /** The key date whose theme the tip was drawn from, in the week before it. */
  focus?: Occurrence
}

/** How many days before a key date tips are drawn from its theme. */
export const FOCUS_DAYS = 7

/**
 * Tips of one group (the same point in two laws) are given at least this many days apart,
 * and a tip citing the article of a key-date item is not given this close to that item.
 */
export const SPACING_DAYS = 7

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

/** Whether a tip would repeat, within SPACING_DAYS, a recent tip's group or a key-date item's article. */
function crowding(library: Library, date: LocalDate, history: PickRecord[]): (tip: Tip) => boolean {
  const since = addDays(date, 1 - SPACING_DAYS)
  const groups = new Set<string>()
  for (const record of history) {
    if (!record.date || record.date < since || record.date >= date) continue
    const group = library.tips.find(tip => tip.id === record.tipId)?.group
    if (group) groups.add(group)
  }
  const articles = new Set<string>()
  for (let day = since; day < addDays(date, SPACING_DAYS); day = addDays(day, 1)) {
    for (const { item } of keyDateItems(library, day)) {
      if (item.law && item.article) articles.add(`${item.law}|${item.article}`)
    }
  }
  return tip => (!!tip.group && groups.has(tip.group)) || articles.has(`${tip.law}|${tip.article}`)
}

/**
 * Chooses a group's tip for a date. A group sees no tip twice until it has seen every tip
 * valid on that date (a cycle); in the week before a key date, unseen tips of its theme
 * come first. Tips are kept a week away from tips of their group and from key-date items
 * citing the same article, unless nothing else is left. The choice is deterministic for
 * (group, date, history).
 */
export function pickTip(library: Library, date: LocalDate, history: PickRecord[], seed: string, avoid?: string): TipPick | undefined {
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
  const crowded = crowding(library, date, history)
  const spaced = (tips: Tip[]) => tips.filter(tip => !crowded(tip))
  // `avoid`: the day's quiz question rests on that tip, and in the morning it would give the
  // answer away. It stays in the cycle for another day, unless it is all the cycle has left.
  const pools = [spaced(themed), spaced(unseen), themed, unseen]
  const pool = pools.map(tips => tips.filter(tip => tip.id !== avoid)).find(tips => tips.length) ?? unseen
  const order = (tip: Tip) => hash(`${seed}|${tip.id}`)
  const tip = pool.reduce((best, candidate) => order(candidate) < order(best) ? candidate : best)
  return { tip, cycle, focus: focus && themed.includes(tip) ? focus : undefined }
}
