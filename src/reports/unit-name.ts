/**
 * Unit names (单位名称), checked like report titles: one spelling (NFKC), nothing invisible,
 * no emoji or markup, a bounded length. Two names that differ only in spaces, full-width
 * forms or case would look like one unit in the ledger, so they compare equal by key.
 */
import { hasEmoji, hasMarkup, textLength } from './fields'

export const UNIT_NAME_MIN = 2
export const UNIT_NAME_MAX = 30

export type UnitNameProblem =
  | { code: 'name-empty' | 'name-space' | 'name-invisible' | 'name-emoji' | 'name-markup' }
  | { code: 'name-too-short' | 'name-too-long'; params: { length: number; min: number; max: number } }

// Control and format characters (zero-width, direction marks and overrides), surrogates,
// private use and unassigned code points, variation selectors, and letters that print as
// nothing (Hangul fillers, the blank Braille pattern).
const INVISIBLE = /[\p{C}\u034F\u115F\u1160\u180B-\u180F\u2800\u3164\uFE00-\uFE0F\uFFA0\u{E0100}-\u{E01EF}]/u

/** The name as stored, or the first thing wrong with it. */
export function checkUnitName(raw: string): { ok: true; name: string } | { ok: false; problem: UnitNameProblem } {
  const name = raw.normalize('NFKC').trim()
  const fail = (problem: UnitNameProblem) => ({ ok: false as const, problem })
  if (!name) return fail({ code: 'name-empty' })
  if (INVISIBLE.test(name)) return fail({ code: 'name-invisible' })
  if (hasEmoji(name)) return fail({ code: 'name-emoji' })
  if (/\s/.test(name)) return fail({ code: 'name-space' })
  if (hasMarkup(name) || /[<>[\]{}]/.test(name)) return fail({ code: 'name-markup' })
  const length = textLength(name)
  const params = { length, min: UNIT_NAME_MIN, max: UNIT_NAME_MAX }
  if (length < UNIT_NAME_MIN) return fail({ code: 'name-too-short', params })
  if (length > UNIT_NAME_MAX) return fail({ code: 'name-too-long', params })
  return { ok: true, name }
}

/** What two names must not share: the NFKC form without spaces or invisible characters, in lower case. */
export function unitNameKey(name: string): string {
  return name.normalize('NFKC').replace(/[\s\p{C}]/gu, '').toLowerCase()
}
