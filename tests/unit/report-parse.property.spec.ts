import { resolve } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { loadLibrary } from '../../src/content/library'
import {
  earliestReportDate, latestReportDate, parseCount, parseReportDate, REPORT_LIMITS, ReportFields, validateFields,
} from '../../src/reports/fields'
import { parseParagraph } from '../../src/reports/parse'
import { addDays, dateParts, diffDays, formatDate } from '../../src/time/local-date'
import { runs } from '../helpers/fuzz'

const library = loadLibrary(resolve(__dirname, '../../config'))

// ───────────── generators ─────────────

/** Any day from 2001 to 2098, as the `today` a report is parsed on. */
const day = fc.integer({ min: 0, max: 35_700 }).map(n => addDays('2001-01-01', n))

/** Emoji as phones send them: sequences, flags, keycaps, skin tones, and any single emoji. */
const emoji = fc.oneof(
  fc.constantFrom('🎉', '👍🏻', '👨‍👩‍👧', '🇨🇳', '1️⃣', '❤️', '✔', '🏫', '📎', '😀', '⌚', '⭐'),
  fc.integer({ min: 0x2300, max: 0x1FAFF })
    .map(code => String.fromCodePoint(code))
    .filter(char => /\p{Emoji_Presentation}/u.test(char)),
)

const tagName = fc.constantFrom('at', 'img', 'script', 'face', 'a', 'b', 'quote', 'audio', 'iframe', 'STYLE', 'svg')
const attributes = fc.array(
  fc.tuple(fc.constantFrom('id', 'src', 'name', 'onerror', 'href'), fc.stringMatching(/^[\w .:/=-]{0,12}$/)),
  { maxLength: 3 },
).map(pairs => pairs.map(([key, value]) => ` ${key}="${value}"`).join(''))
const markup = fc.oneof(
  fc.tuple(tagName, attributes).map(([name, attrs]) => `<${name}${attrs}/>`),
  fc.tuple(tagName, attributes).map(([name, attrs]) => `<${name}${attrs}>`),
  tagName.map(name => `</${name}>`),
  fc.tuple(fc.constantFrom('at', 'image', 'face', 'reply'), fc.stringMatching(/^[\w=,]{0,12}$/)).map(([type, rest]) => `[CQ:${type},${rest}]`),
  fc.constantFrom('&lt;at id=1/&gt;', '&#60;script&#62;', '＜script＞', '<!-- x -->'),
)

const sql = fc.constantFrom(
  "'; DROP TABLE reports; --", '1=1 --', "' OR '1'='1", 'UNION SELECT password FROM users', "1; DELETE FROM reports",
  'SELECT * FROM reports', "'; exec xp_cmdshell 'dir'", 'waitfor delay \'0:0:5\'', '/* x */',
)

const chineseNumeral = fc.constantFrom('三百', '两千', '一千二百', '五百余', '十万', '一百万', '九千九百九十九万', '三四十', '零', '百', '万万')
const hugeNumber = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n ** 40n }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.integer().map(String),
  fc.constantFrom('9'.repeat(400), '1e400', '-0', '0.0000001', '1.23456789万', '99999999999999999999亿'),
)
const count = fc.tuple(
  fc.constantFrom('', '-', '约', '近', '共'),
  fc.oneof(hugeNumber, chineseNumeral, fc.integer({ min: 0, max: 2_000_000 }).map(String)),
  fc.constantFrom('', '余', '多', '+'),
  fc.constantFrom('', '人', '人次', '名', '份', '册', '场', '万人'),
).map(parts => parts.join(''))

const date = fc.oneof(
  fc.tuple(fc.integer({ min: -5, max: 40 }), fc.integer({ min: -5, max: 40 })).map(([m, d]) => `${m}月${d}日`),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
    .map(([y, m, d]) => `${y}年${m}月${d}日`),
  fc.tuple(fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.constantFrom('.', '/', '·')).map(([m, d, sep]) => `${m}${sep}${d}`),
  fc.constantFrom('今天', '昨天', '前天', '明天', '大前天', '2月30日', '2月29日', '十二月四日', '三十二月四十日'),
)

const words = fc.constantFrom(
  '在', '于', '到', '开展', '举办', '组织', '城关小学', '宪法', '宣讲', '进校园', '参与', '师生', '群众', '律师', '发放', '资料',
  '法治讲座', '送法下乡', '以案释法', '反诈', '禁毒', '活动', '，', '。', '、', ',', ' ', '\n', '“', '”', '：', '(', ')', '\uD83D', '\u200B',
)

/** Paragraphs built from report-like fragments and hostile ones, joined any which way. */
const paragraph = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fc.oneof(words, date, count, emoji, markup, sql, fc.string({ unit: 'binary', maxLength: 8 })), { maxLength: 30 })
    .map(parts => parts.join('')),
)

// ───────────── properties ─────────────

function countIsAcceptedOrRefused(result: ReturnType<typeof parseParagraph>, field: 'participants' | 'materials') {
  const value = result.fields[field]
  const refused = result.problems.some(p => p.field === field)
  if (value === undefined) return true
  return refused || (Number.isInteger(value) && value >= 0 && value <= REPORT_LIMITS.count)
}

describe('parseParagraph on random and hostile text', () => {
  it('never throws and returns only acceptable values or problems for them', () => {
    fc.assert(fc.property(paragraph, day, (text, today) => {
      const result = parseParagraph(text, { today, library })
      expect(countIsAcceptedOrRefused(result, 'participants')).toBe(true)
      expect(countIsAcceptedOrRefused(result, 'materials')).toBe(true)
      if (result.fields.date !== undefined) {
        expect(result.fields.date <= latestReportDate(today)).toBe(true)
        expect(result.fields.date >= earliestReportDate(today)).toBe(true)
      }
      if (result.fields.title !== undefined) {
        expect(Array.from(result.fields.title).length).toBeLessThanOrEqual(REPORT_LIMITS.title)
      }
      if (result.fields.theme !== undefined) expect(library.themes.has(result.fields.theme)).toBe(true)
    }), runs(3000))
  })

  it('reports emoji and markup wherever they are in the paragraph', () => {
    fc.assert(fc.property(paragraph, fc.oneof(emoji.map(e => ['emoji', e]), markup.map(m => ['markup', m])), paragraph, day,
      (before, [code, hostile], after, today) => {
        const { problems } = parseParagraph(before + hostile + after, { today, library })
        expect(problems.map(p => p.code)).toContain(code)
      }), runs(3000))
  })
})

describe('validateFields on random text', () => {
  const text = fc.string({ unit: 'binary', maxLength: 40 })

  it.each(['title', 'place'] as const)('flags every %s containing emoji or markup', (field) => {
    fc.assert(fc.property(text, fc.oneof(emoji.map(e => ['emoji', e]), markup.map(m => ['markup', m])), text,
      (before, [code, hostile], after) => {
        const value = before + hostile + after
        const fields: ReportFields = field === 'title' ? { title: value } : { place: value }
        expect(validateFields(fields, '2026-12-10')).toContainEqual({ field, code })
      }), runs(3000))
  })

  it('flags SQL-looking titles', () => {
    fc.assert(fc.property(text, sql, text, (before, hostile, after) => {
      expect(validateFields({ title: `${before} ${hostile} ${after}` }, '2026-12-10')).toContainEqual({ field: 'title', code: 'sql' })
    }), runs(3000))
  })

  it('accepts every count in range and refuses every other number', () => {
    fc.assert(fc.property(fc.oneof(fc.integer({ min: 0, max: REPORT_LIMITS.count }), fc.double()), (value) => {
      const acceptable = Number.isInteger(value) && value >= 0 && value <= REPORT_LIMITS.count
      expect(validateFields({ participants: value }, '2026-12-10').length === 0).toBe(acceptable)
    }), runs(3000))
  })
})

describe('parseCount round trips', () => {
  const n = fc.integer({ min: 0, max: REPORT_LIMITS.count })

  it('reads back String(n)', () => {
    fc.assert(fc.property(n, value => parseCount(String(value)) === value), runs(3000))
  })

  it('reads back n with a unit, a hedge or thousands separators', () => {
    fc.assert(fc.property(n, fc.constantFrom('', '人', '余人', '多名', '人次', '份', '余份', '+'), (value, suffix) => {
      expect(parseCount(`${value}${suffix}`)).toBe(value)
      expect(parseCount(`${value.toLocaleString('en-US')}${suffix}`)).toBe(value)
    }), runs(3000))
  })

  it('reads back n written in Chinese numerals', () => {
    fc.assert(fc.property(n, value => parseCount(chinese(value)) === value), runs(3000))
  })
})

describe('parseReportDate on every date a report may carry', () => {
  const todayAndDate = fc.tuple(day, fc.integer({ min: 0, max: 400 })).map(([today, back]) => {
    const date = addDays(latestReportDate(today), -back)
    return { today, date }
  })

  it('reads ISO and 年月日 dates back, and refuses those outside the window', () => {
    fc.assert(fc.property(todayAndDate, ({ today, date }) => {
      const { year, month, day: d } = dateParts(date)
      const expected = date >= earliestReportDate(today) ? { ok: true, value: date } : { ok: false }
      expect(parseReportDate(date, today)).toMatchObject(expected)
      expect(parseReportDate(`${year}年${month}月${d}日`, today)).toMatchObject(expected)
    }), runs(3000))
  })

  it('reads a date without a year as its latest occurrence at most a week ahead', () => {
    fc.assert(fc.property(todayAndDate, ({ today, date }) => {
      const { month, day: d } = dateParts(date)
      const result = parseReportDate(`${month}月${d}日`, today)
      const latest = latestReportDate(today), horizon = addDays(today, 7)
      if (diffDays(date, horizon) < 365) expect(result).toEqual({ ok: true, value: date })
      if (result.ok) {
        const { year } = dateParts(result.value)
        expect(result.value.slice(5)).toBe(date.slice(5))
        expect(result.value <= latest).toBe(true)
        expect(formatDate(year + 1, month, d) > horizon).toBe(true)
      } else if (`${month}-${d}` !== '2-29') {
        // The occurrence within the coming week has not come yet.
        expect(result.problem.code).toBe('date-future')
      }
    }), runs(3000))
  })

  it('never returns a date after tomorrow', () => {
    fc.assert(fc.property(date, day, (text, today) => {
      const result = parseReportDate(text, today)
      if (result.ok) expect(result.value <= latestReportDate(today)).toBe(true)
    }), runs(3000))
  })
})

/** n in Chinese numerals as people write them, e.g. 12005 → 一万二千零五, 10 → 十, 10010 → 一万零一十. */
function chinese(n: number): string {
  if (n === 0) return '零'
  const digits = '零一二三四五六七八九'
  const section = (value: number, leading: boolean) => {
    let text = '', zero = false
    for (const [unit, name] of [[1000, '千'], [100, '百'], [10, '十'], [1, '']] as const) {
      const digit = Math.floor(value / unit) % 10
      if (digit === 0) {
        zero = text !== ''
        continue
      }
      if (zero) text += '零'
      zero = false
      text += (digit === 1 && unit === 10 && text === '' && leading ? '' : digits[digit]) + name
    }
    return text
  }
  const high = Math.floor(n / 10_000), low = n % 10_000
  if (!high) return section(low, true)
  const gap = low > 0 && low < 1000 ? '零' : ''
  return `${section(high, true)}万${gap}${low ? section(low, false) : ''}`
}
