const DIGITS = '零一二三四五六七八九'
const UNITS: [number, string][] = [[1000, '千'], [100, '百'], [10, '十']]

/**
 * An integer from 1 to 9999 as statutes number their articles: 十五, 一百一十, 一千零七十九.
 * A leading 一十 is written 十 (第十条, 第十五条), but not inside a larger number (一百一十).
 */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 9999) throw new RangeError(`not an article number: ${n}`)
  let out = ''
  let rest = n
  let gap = false
  for (const [value, unit] of UNITS) {
    const digit = Math.floor(rest / value)
    rest %= value
    if (digit) {
      if (gap) out += '零'
      if (!(value === 10 && digit === 1 && !out)) out += DIGITS[digit]
      out += unit
      gap = false
    } else if (out) {
      gap = true
    }
  }
  if (rest) out += (gap ? '零' : '') + DIGITS[rest]
  return out
}

const UNIT_VALUES: Record<string, number> = { 十: 10, 百: 100, 千: 1000 }

/** The value of a Chinese numeral up to 9999 (一千零七十九, 十五, 两百), or undefined. */
export function parseChineseNumber(text: string): number | undefined {
  if (!/^[零〇一二两三四五六七八九十百千]+$/.test(text)) return undefined
  let total = 0
  let digit: number | undefined
  for (const char of text) {
    const unit = UNIT_VALUES[char]
    if (unit) {
      if (digit === 0) return undefined
      total += (digit ?? (unit === 10 ? 1 : NaN)) * unit
      digit = undefined
    } else {
      digit = char === '两' ? 2 : char === '〇' ? 0 : DIGITS.indexOf(char)
    }
  }
  total += digit ?? 0
  return Number.isInteger(total) && total > 0 && total <= 9999 ? total : undefined
}
