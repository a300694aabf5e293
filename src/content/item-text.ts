import { Occurrence } from '../calendar/calendar'
import { KeyDateItem } from './schema'

/**
 * The paragraphs of a key-date item as pushed on a day of `occurrence`. The item's opening
 * names the day (今天是宪法宣传周第一天); while this year's dates are only an estimate that
 * would be a claim we cannot stand behind, so `estimatedLine` (a neutral locale sentence)
 * takes its place.
 */
export function itemParagraphs(item: KeyDateItem, occurrence: Occurrence, estimatedLine: string): string[] {
  const body = item.body.trim().split(/\n+/).map(line => line.trim()).filter(Boolean)
  if (!item.opening) return body
  return [occurrence.estimated ? estimatedLine : item.opening.trim(), ...body]
}
