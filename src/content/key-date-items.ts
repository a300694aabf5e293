import { Occurrence } from '../calendar/calendar'
import { diffDays, LocalDate } from '../time/local-date'
import { Library } from './library'
import { KeyDateItem } from './schema'

/** Key-date items a group gets on one day at most: 6·1 opens three core windows at once. */
export const MAX_KEY_DATE_ITEMS = 3

/**
 * Key-date items for a date: for each window containing it, the item for that day
 * (single days, each day of a week) or week (first day of each week of a month). When
 * windows share a theme (12·4 inside 宪法宣传周) only the most specific one speaks;
 * core dates go first, and no more than MAX_KEY_DATE_ITEMS are sent.
 */
export function keyDateItems(library: Library, date: LocalDate) {
  const chosen: { item: KeyDateItem; occurrence: Occurrence }[] = []
  const windows = library.calendar.on(date).sort((a, b) => Number(b.entry.core) - Number(a.entry.core) || a.days - b.days)
  for (const occurrence of windows) {
    const index = diffDays(occurrence.start, date)
    const { entry } = occurrence
    let item: KeyDateItem | undefined
    if ('month' in entry.when) {
      if (index % 7 !== 0) continue
      item = library.items.find(i => i.entry === entry.id && i.week === index / 7 + 1)
    } else if (occurrence.days === 1) {
      item = library.items.find(i => i.entry === entry.id && (i.day ?? 1) === 1)
    } else {
      item = library.items.find(i => i.entry === entry.id && i.day === index + 1)
    }
    if (!item) continue
    const overlaps = chosen.some(c => c.occurrence.entry.themes.some(theme => entry.themes.includes(theme)))
    if (!overlaps) chosen.push({ item, occurrence })
  }
  return chosen.slice(0, MAX_KEY_DATE_ITEMS)
}
