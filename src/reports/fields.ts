/**
 * The fields of an activity report (报送) and the parsers and checks for each of them.
 *
 * Everything here is pure and free of wording: a problem is a stable code plus
 * parameters, and the Koishi plugin turns it into a zh-CN sentence.
 */
import { type Library, suggest } from '../content/library'
import { addDays, dateParts, daysInMonth, diffDays, formatDate, LocalDate, parseDate } from '../time/local-date'

export const REPORT_LIMITS = {
  /** Characters (code points) in a title. */
  title: 60,
  /** Characters (code points) in a place. */
  place: 40,
  /** Largest plausible participant or material count for one activity. */
  count: 1_000_000,
} as const

/** Activity forms, in the order the ledger lists them. */
export const FORMS = [
  '讲座', '宣讲', '咨询', '发放资料', '以案释法', '送法下乡', '知识竞赛', '文艺演出',
  '展板展览', '培训', '入户走访', '网络宣传', '模拟法庭', '演练', '集中宣传', '送法上门', '其他',
] as const

export type Form = (typeof FORMS)[number]

export interface ReportFields {
  title?: string
  date?: LocalDate
  place?: string
  participants?: number
  materials?: number
  /** A theme id from themes.yml. */
  theme?: string
  form?: Form
  /** A calendar entry id from calendar.yml. */
  keyDate?: string
}

export type ProblemCode =
  | 'title-empty' | 'title-too-long' | 'place-empty' | 'place-too-long'
  | 'date-invalid' | 'date-future' | 'date-too-old'
  | 'count-invalid' | 'count-absurd'
  | 'theme-unknown' | 'form-unknown'
  | 'emoji' | 'markup' | 'sql'

export interface FieldProblem {
  field: keyof ReportFields
  code: ProblemCode
  params?: Record<string, string | number>
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: FieldProblem }

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value })
const fail = <T>(problem: FieldProblem): Parsed<T> => ({ ok: false, problem })

// ───────────── text ─────────────

/**
 * Folds full-width ASCII (０-９, ＡＢＣ, ，：（）) to half-width, drops zero-width
 * characters and control codes, and collapses spaces while keeping line breaks,
 * so that every pattern below only has to know one spelling.
 */
export function normalizeText(text: string, { keepCommas = false } = {}): string {
  return text
    // With keepCommas the Chinese comma stays, so that 300，500份 is two numbers, not 300,500.
    .replace(keepCommas ? /[\uFF01-\uFF0B\uFF0D-\uFF5E]/g : /[\uFF01-\uFF5E]/g, ch => String.fromCharCode(ch.charCodeAt(0) - 0xFEE0))
    // Zero-width and invisible formatting characters (soft hyphen, direction marks and
    // overrides) carry no text and could make a value look empty or read backwards.
    .replace(/[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\x00-\x09\x0B-\x1F\x7F]/g, ' ')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ *\n\s*/g, '\n')
    .trim()
}

/** Length in code points, so an emoji or a rare character counts once. */
export function textLength(text: string): number {
  return Array.from(text).length
}

// Skin tones, keycaps (1️⃣) and the emoji presentation selector count as emoji on their own.
const EMOJI = /[\p{Extended_Pictographic}\p{Regional_Indicator}\p{Emoji_Modifier}\u20E3\uFE0F]/u

// Satori elements as Koishi writes them (<at id="1"/>), HTML, OneBot CQ codes, and the
// entities Koishi uses when it escapes typed markup.
const MARKUP = /<\s*\/?\s*[a-z!?][^<>]*>|\[CQ:|&(?:lt|gt|amp|quot|apos|#\d+|#x[\da-f]+);/i

const SQL = [
  /'\s*(?:;|--|#|\/\*|\bor\b|\band\b|\bunion\b)/i,
  /;\s*(?:drop|delete|insert|update|alter|create|truncate|exec|select|shutdown)\b/i,
  /\b(?:drop|truncate|alter)\s+(?:table|database|schema)\b/i,
  /\bunion\b(?:\s+all)?\s+select\b/i,
  /\bselect\b[^;]{0,200}?\bfrom\b/i,
  /\binsert\s+into\b/i,
  /\bdelete\s+from\b/i,
  /\bupdate\s+\w+\s+set\b/i,
  /\b(\d+)\s*=\s*\1\b/,
  /\/\*[\s\S]*?\*\//,
  /\b(?:sleep|benchmark|pg_sleep)\s*\(|\bwaitfor\s+delay\b|\bxp_cmdshell\b/i,
]

export function hasEmoji(text: string): boolean {
  return EMOJI.test(text)
}

export function hasMarkup(text: string): boolean {
  return MARKUP.test(normalizeText(text))
}

export function looksLikeSql(text: string): boolean {
  const normalized = normalizeText(text)
  return SQL.some(pattern => pattern.test(normalized))
}

/** Emoji, markup and SQL problems of a free-text field. */
export function contentProblems(field: keyof ReportFields, text: string): FieldProblem[] {
  const problems: FieldProblem[] = []
  if (hasEmoji(text)) problems.push({ field, code: 'emoji' })
  if (hasMarkup(text)) problems.push({ field, code: 'markup' })
  if (looksLikeSql(text)) problems.push({ field, code: 'sql' })
  return problems
}

// ───────────── counts ─────────────

type Decimal = { digits: number; scale: number }

const SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000, k: 1000, K: 1000 }
const BIG_UNITS: Record<string, number> = { 万: 10_000, w: 10_000, W: 10_000, 亿: 100_000_000 }
const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }
const NUMERAL_TOKEN = /(\d+(?:\.\d+)?)|([一二两三四五六七八九])|([零〇])|([十百千kK])|([万wW亿])/y

/** Characters a numeral may be written with: 300, 1.2万, 三百, 两千五, 3k, 1w. */
const NUMERAL_CHARS = '\\d.零〇一二两三四五六七八九十百千万亿kKwW'

const times = (n: Decimal, unit: number) => n.digits * unit / n.scale

function decimal(text: string): Decimal {
  const [whole, fraction = ''] = text.split('.')
  return { digits: Number(whole + fraction), scale: 10 ** fraction.length }
}

/**
 * The value of a numeral mixing Arabic and Chinese digits with 十百千万亿 (and k/w):
 * 300, 3百, 三百, 1.2万, 一千零二, 1万2000. A lone digit right after 百, 千 or 万 is
 * colloquial shorthand for the next lower place: 一千二 = 1200, 两千五 = 2500, 1万2 = 12000.
 */
function parseNumeral(text: string): number | undefined {
  if (text === '零' || text === '〇') return 0
  if (!text) return
  const core = text.replace(/^\d{1,3}(?:,\d{3})+(?![\d.])/, group => group.replace(/,/g, ''))
  let total = 0, section = 0
  let digit: Decimal | undefined
  let lastUnit = 0, lastSmall = Infinity, lastBig = Infinity
  NUMERAL_TOKEN.lastIndex = 0
  while (NUMERAL_TOKEN.lastIndex < core.length) {
    const first = NUMERAL_TOKEN.lastIndex === 0
    const match = NUMERAL_TOKEN.exec(core)
    if (!match) return
    const [, arabic, chinese, zero, small, big] = match
    if (arabic || chinese) {
      if (digit) return // 三四, 3三: two numbers with no unit between them
      digit = arabic ? decimal(arabic) : { digits: CN_DIGITS[chinese], scale: 1 }
    } else if (zero) {
      if (digit || !lastUnit) return // 零 only fills a gap after a unit: 一百零五
      lastUnit = 0
    } else if (small) {
      const unit = SMALL_UNITS[small]
      if (unit >= lastSmall || (!digit && !first)) return
      section += digit ? times(digit, unit) : unit
      ;[digit, lastSmall, lastUnit] = [undefined, unit, unit]
    } else {
      const unit = BIG_UNITS[big]
      if (unit >= lastBig || (!digit && !section && !first)) return
      // Multiply before dividing, so 1.15万 is exactly 11500.
      total += section * unit + (digit ? times(digit, unit) : first ? unit : 0)
      ;[digit, section, lastSmall, lastBig, lastUnit] = [undefined, 0, Infinity, unit, unit]
    }
  }
  if (digit) {
    const colloquial = lastUnit >= 100 && digit.scale === 1 && digit.digits < 10
    section += times(digit, colloquial ? lastUnit / 10 : 1)
  }
  const value = total + section
  return Number.isFinite(value) && Number.isInteger(value) ? value : undefined
}

/** Words before a count that say it is approximate or a total: 大概60人, 超过300人, 共计500份. */
export const COUNT_HEDGE = '共计|合计|累计|总计|大概有|大概|大约有|大约|约为|约有|约|差不多|接近|将近|近|不少于|至少|超过|超|逾|多达|达到|达|共有|共|计|有'

const COUNT_TEXT = new RegExp(
  `^(?:${COUNT_HEDGE})?\\s*`
  + `([${NUMERAL_CHARS},]+)\\s*(?:余|多|来|\\+)?\\s*(?:人次|个?人|名|位|份|册|本|张|件)?\\s*(?:左右|以上|上下|余)?$`,
)

/**
 * A participant or material count as people type it: 300, 300人, 300余人, 3百, 三百余,
 * 1.2万人次, 两千, 一千二百, 5000+. Returns undefined for anything else, negatives and
 * fractions included. The range is validateFields' business, so 3000000 is returned as is.
 */
export function parseCount(text: string): number | undefined {
  const match = COUNT_TEXT.exec(normalizeText(text))
  return match ? parseNumeral(match[1]) : undefined
}

function checkCount(field: 'participants' | 'materials', value: number | undefined): FieldProblem[] {
  if (value === undefined) return []
  if (Number.isInteger(value) && value >= 0 && value <= REPORT_LIMITS.count) return []
  return [{ field, code: 'count-absurd', params: { value, max: REPORT_LIMITS.count } }]
}

// ───────────── dates ─────────────

export type DateSpec = { year?: number; month: number; day: number } | { offset: number }

/** A date written somewhere in a text, not yet resolved against today. */
export interface DateMention {
  index: number
  text: string
  spec: DateSpec
}

const CN_SMALL = '[一二三四五六七八九十]{1,3}'
const MONTH = `(\\d{1,2}|${CN_SMALL})`
const DAY = MONTH
const WEEKDAY = '(?:\\s*\\(?(?:周|星期|礼拜)[一二三四五六日天]\\)?)?'
const RANGE_END = `(?:\\s*(?:至|到|-|~|—)\\s*(?:\\d{1,2}\\s*月\\s*)?\\d{1,2}\\s*[日号]${WEEKDAY})?`
const TIME = '(?:\\s*(?:上午|下午|晚上|晚间|早上|中午|傍晚|凌晨))?(?:\\s*\\d{1,2}(?::\\d{2}|[点时](?:\\d{1,2}分?|半)?))?'
// A bare 12.4 or 12/4 is only a date when the numbers could be a month and a day and
// nothing after it makes it a quantity (1.2万, 3.5%).
const NOT_QUANTITY = `(?![\\d.]|\\s*[${NUMERAL_CHARS}余多人名位份册本张件场次个倍折米岁天小%])`

const RELATIVE: Record<string, number> = { 大前天: -3, 前天: -2, 昨天: -1, 昨日: -1, 今天: 0, 今日: 0, 明天: 1, 明日: 1 }

const DATE_PATTERNS: Array<{ pattern: RegExp; spec: (m: RegExpExecArray) => DateSpec }> = [
  {
    pattern: new RegExp(`(\\d{4})\\s*年\\s*${MONTH}\\s*月\\s*${DAY}\\s*[日号]`, 'g'),
    spec: m => ({ year: Number(m[1]), month: smallNumber(m[2]), day: smallNumber(m[3]) }),
  },
  {
    pattern: /(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)/g,
    spec: m => ({ year: Number(m[1]), month: Number(m[3]), day: Number(m[4]) }),
  },
  {
    pattern: new RegExp(`(?<![\\d一二三四五六七八九十])${MONTH}\\s*月\\s*${DAY}(?:\\s*[日号]|(?![${NUMERAL_CHARS}余多人名位份册本张件场次]))`, 'g'),
    spec: m => ({ month: smallNumber(m[1]), day: smallNumber(m[2]) }),
  },
  {
    pattern: new RegExp(`(?<![\\d.])(0?[1-9]|1[0-2])\\s*[./·•・]\\s*(0?[1-9]|[12]\\d|3[01])${NOT_QUANTITY}`, 'g'),
    spec: m => ({ month: Number(m[1]), day: Number(m[2]) }),
  },
  {
    pattern: /大前天|前天|昨天|昨日|今天|今日(?!说法|头条)|明天|明日/g,
    spec: m => ({ offset: RELATIVE[m[0]] }),
  },
]
const DATE_TAIL = new RegExp(`^${WEEKDAY}${RANGE_END}${TIME}`)

function smallNumber(text: string): number {
  return parseNumeral(text) ?? 0
}

/**
 * The first date written in a text, with any weekday, range end and time of day after it
 * (12月4日（周四）上午9:30, 12月1日至7日), so that callers can cut the whole phrase out.
 */
export function findDate(text: string): DateMention | undefined {
  let best: DateMention | undefined
  for (const { pattern, spec } of DATE_PATTERNS) {
    pattern.lastIndex = 0
    const match = pattern.exec(text)
    if (!match) continue
    const better = !best || match.index < best.index || (match.index === best.index && match[0].length > best.text.length)
    if (better) best = { index: match.index, text: match[0], spec: spec(match) }
  }
  if (!best) return
  const tail = DATE_TAIL.exec(text.slice(best.index + best.text.length))![0]
  return { ...best, text: best.text + tail }
}

/** The latest date a report may carry: officers sometimes report the evening before. */
export function latestReportDate(today: LocalDate): LocalDate {
  return addDays(today, 1)
}

/** The earliest date a report may carry: the same day a year ago (28 Feb for 29 Feb). */
export function earliestReportDate(today: LocalDate): LocalDate {
  const { year, month, day } = dateParts(today)
  return formatDate(year - 1, month, Math.min(day, daysInMonth(year - 1, month)))
}

function checkDateRange(date: LocalDate, today: LocalDate): FieldProblem[] {
  const latest = latestReportDate(today), earliest = earliestReportDate(today)
  if (date > latest) return [{ field: 'date', code: 'date-future', params: { date, latest } }]
  if (date < earliest) return [{ field: 'date', code: 'date-too-old', params: { date, earliest } }]
  return []
}

/**
 * A mention as a calendar date. Without a year it is the most recent occurrence that is
 * not after tomorrow: on 2027-01-03, 12月28日 is 2026-12-28 and on 2026-12-31, 1月1日 is 2027-01-01.
 */
/** How far ahead a date without a year may lie and still be read as this year's. */
const NEAR_FUTURE_DAYS = 7

export function resolveDate(mention: DateMention, today: LocalDate): Parsed<LocalDate> {
  const invalid = fail<LocalDate>({ field: 'date', code: 'date-invalid', params: { input: mention.text } })
  const { spec } = mention
  let date: LocalDate | undefined
  if ('offset' in spec) {
    date = addDays(today, spec.offset)
  } else if (spec.year !== undefined) {
    date = parseDate(formatDate(spec.year, spec.month, spec.day))
  } else {
    // The latest occurrence no more than a week ahead: 12月28日 typed on 01-03 is last
    // December's, 1月1日 typed on 12-31 is tomorrow, and 12月12日 typed on 12-10 stays in
    // this year and is reported as not yet come rather than quietly moved back a year.
    const { year } = dateParts(today)
    date = [year + 1, year, year - 1]
      .map(y => parseDate(formatDate(y, spec.month, spec.day)))
      .find(candidate => candidate !== undefined && diffDays(today, candidate) <= NEAR_FUTURE_DAYS)
  }
  if (!date) return invalid
  const [problem] = checkDateRange(date, today)
  return problem ? fail(problem) : ok(date)
}

/** A date typed on its own (the -d option): 今天, 昨天, 12月4日, 12.4, 2026-12-04 … */
export function parseReportDate(text: string, today: LocalDate): Parsed<LocalDate> {
  const input = normalizeText(text)
  const mention = findDate(input)
  if (!mention || mention.index !== 0 || mention.text.length !== input.length) {
    return fail({ field: 'date', code: 'date-invalid', params: { input } })
  }
  return resolveDate(mention, today)
}

function checkDate(date: LocalDate | undefined, today: LocalDate): FieldProblem[] {
  if (date === undefined) return []
  if (parseDate(date) !== date) return [{ field: 'date', code: 'date-invalid', params: { input: date } }]
  return checkDateRange(date, today)
}

// ───────────── themes and forms ─────────────

/** Words that name a theme in what officers write, by theme id. */
const THEME_KEYWORDS: Record<string, string[]> = {
  宪法: ['宪法', '12·4'],
  国旗国歌: ['国旗', '国歌'],
  民法典: ['民法典', '美好生活'],
  婚姻家庭: ['婚姻', '彩礼', '离婚', '婚恋'],
  继承: ['继承', '遗嘱'],
  合同: ['合同'],
  国家安全: ['国家安全', '国安', '4·15'],
  反间谍: ['反间谍', '间谍'],
  禁毒: ['禁毒', '毒品', '拒毒', '防毒', '6·26'],
  反诈: ['反诈', '反诈骗', '防诈', '诈骗', '电诈', '电信诈骗', '防骗', '骗局'],
  未成年人保护: ['未成年人', '未成年', '青少年', '护苗', '儿童'],
  预防未成年人犯罪: ['预防未成年人犯罪', '校园欺凌', '欺凌'],
  消费者权益: ['消费者', '消费维权', '3·15'],
  安全生产: ['安全生产', '生产安全', '电力', '用电', '燃气', '危化品', '矿山', '特种设备'],
  消防: ['消防', '火灾', '防火', '灭火'],
  交通安全: ['交通', '文明出行', '头盔', '酒驾', '醉驾'],
  网络安全: ['网络安全', '网安', '网络谣言'],
  个人信息保护: ['个人信息', '隐私'],
  数据安全: ['数据安全'],
  劳动权益: ['劳动', '欠薪', '讨薪', '农民工', '工资', '用工'],
  妇女权益: ['妇女', '三八', '巾帼'],
  反家庭暴力: ['家暴', '家庭暴力'],
  食品安全: ['食品'],
  治安管理: ['治安'],
  法律援助: ['法律援助', '法援'],
  人民调解: ['调解', '矛盾纠纷'],
  生态环境: ['生态', '环保', '环境保护', '污染', '垃圾分类', '野生动物', '森林防火', '河湖'],
  行政执法: ['行政执法'],
  国防教育: ['国防', '征兵', '兵役'],
  知识产权: ['知识产权', '商标', '专利', '版权'],
  防范非法集资: ['非法集资', '集资'],
  扫黑除恶: ['扫黑', '黑恶'],
  防灾减灾: ['防灾', '减灾', '防汛', '地震'],
  家庭教育: ['家庭教育'],
  残疾人权益: ['残疾人', '助残'],
  爱国主义: ['爱国'],
  慈善: ['慈善'],
}

/** Words for publicity in general; only used when nothing more specific is mentioned. */
const GENERIC_THEME_KEYWORDS: Record<string, string[]> = {
  法治宣传教育: ['法治宣传', '普法', '法律八进', '法律进', '法治', '学法', '法律明白人', '送法'],
}

/** Words that name a form, most specific form first: the first form found wins. */
const FORM_KEYWORDS: Array<[Form, string[]]> = [
  ['以案释法', ['以案释法', '以案说法', '以案普法', '案例讲解', '警示教育']],
  ['模拟法庭', ['模拟法庭']],
  ['知识竞赛', ['竞赛', '答题', '知识问答', '有奖问答', '抢答']],
  ['文艺演出', ['文艺', '快板', '小品', '演出', '情景剧', '戏曲', '相声', '三句半']],
  ['网络宣传', ['线上', '直播', '公众号', '短视频', '抖音', '视频号', '微博', '网络宣传', '朋友圈', '微信群', '云课堂', '网上']],
  ['演练', ['演练', '疏散']],
  ['培训', ['培训', '轮训', '集中学法', '会前学法', '学法会']],
  ['讲座', ['讲座', '法治课', '讲堂', '课堂', '授课', '上了一堂', '开讲', '讲课', '法治副校长', '第一课', '报告会']],
  ['宣讲', ['宣讲', '巡讲']],
  ['送法下乡', ['下乡', '送法进村', '送法到村']],
  ['送法上门', ['送法进', '送法上门', '送法入', '送法到']],
  ['入户走访', ['入户', '走访', '上门']],
  ['集中宣传', ['集中宣传', '宣传日', '广场宣传', '摆摊宣传', '设点宣传', '宣传咨询日']],
  ['展板展览', ['展板', '展览', '展出', '图片展', '宣传栏', '橱窗']],
  ['咨询', ['咨询', '摆摊', '设点', '服务台', '义诊', '答疑', '解答', '法律服务']],
  ['发放资料', ['发放', '派发', '分发', '赠送']],
]

/** Each form with the words that name it, for the list officers are shown (报送 帮助). */
export function formWords(): Array<[Form, string[]]> {
  return FORMS.map(form => [form, (FORM_KEYWORDS.find(([f]) => f === form)?.[1] ?? []).filter(word => word !== form)])
}

type ThemeLibrary = Pick<Library, 'themes'>

/** The keyword that occurs first in the text (the longer one at the same place), as its theme id. */
function firstKeyword(text: string, table: Record<string, string[]>, themes: ThemeLibrary['themes']): string | undefined {
  let best: { id: string; index: number; length: number } | undefined
  for (const [id, keywords] of Object.entries(table)) {
    if (!themes.has(id)) continue
    for (const keyword of keywords) {
      const index = text.indexOf(keyword)
      if (index < 0) continue
      if (!best || index < best.index || (index === best.index && keyword.length > best.length)) {
        best = { id, index, length: keyword.length }
      }
    }
  }
  return best?.id
}

/**
 * The theme a text is about, looking at the texts in order (the title before the whole
 * paragraph), specific themes first.
 */
export function inferTheme(texts: string[], library: ThemeLibrary): string | undefined {
  for (const table of [THEME_KEYWORDS, GENERIC_THEME_KEYWORDS]) {
    for (const text of texts) {
      const id = firstKeyword(text, table, library.themes)
      if (id) return id
    }
  }
}

/** The form a text describes, looking at the texts in order; 发放资料 only when nothing else is named. */
export function inferForm(texts: string[]): Form | undefined {
  for (const text of texts) {
    const found = FORM_KEYWORDS.find(([, keywords]) => keywords.some(keyword => text.includes(keyword)))
    if (found) return found[0]
  }
}


/**
 * The closest known name, or undefined. suggest() words its answer for data-file errors
 * (“，是不是“X”？”); problems carry the bare name so the locale can phrase it.
 */
function closestName(input: string, known: Iterable<string>): string | undefined {
  // Names are a few characters long: a long input is near none of them, and its edit
  // distances would only cost time.
  if (textLength(input) > SUGGEST_MAX) return
  const closest = /“(.+)”/.exec(suggest(input, known))?.[1]
  // A name sharing no character with the input is no suggestion: 电力 is not a slip for 反诈.
  return closest && Array.from(input).some(ch => closest.includes(ch)) ? closest : undefined
}

/** The longest input a closest theme or form is looked for. */
const SUGGEST_MAX = 30

/** Suggests over ids and keywords alike, so 反炸骗 (one slip from 反诈骗) still points at 反诈. */
function unknownProblem<T>(field: 'theme' | 'form', input: string, names: Map<string, string>): Parsed<T> {
  const closest = closestName(input, names.keys())
  const suggestion = closest === undefined ? undefined : names.get(closest)
  return fail({ field, code: `${field}-unknown`, params: suggestion ? { input, suggestion } : { input } })
}

/** A theme typed by an officer (the -t option): an id, or words for one (宪法宣传, 反诈骗, 禁毒宣传). */
export function resolveTheme(text: string, library: ThemeLibrary): Parsed<string> {
  const input = normalizeText(text)
  if (library.themes.has(input)) return ok(input)
  const inferred = input ? inferTheme([input], library) : undefined
  if (inferred) return ok(inferred)
  const names = new Map<string, string>()
  for (const id of library.themes.keys()) names.set(id, id)
  for (const [id, keywords] of Object.entries(THEME_KEYWORDS)) {
    if (library.themes.has(id)) for (const keyword of keywords) names.set(keyword, id)
  }
  return unknownProblem('theme', input, names)
}

/** A form typed by an officer (the -k option): one of FORMS, or words for one (法律咨询, 线上直播). */
export function resolveForm(text: string): Parsed<Form> {
  const input = normalizeText(text)
  const exact = FORMS.find(form => form === input)
  if (exact) return ok(exact)
  const inferred = input ? inferForm([input]) : undefined
  if (inferred) return ok(inferred)
  const names = new Map<string, string>(FORMS.map(form => [form, form]))
  for (const [form, keywords] of FORM_KEYWORDS) for (const keyword of keywords) names.set(keyword, form)
  return unknownProblem('form', input, names)
}

// ───────────── all fields ─────────────

function checkText(field: 'title' | 'place', value: string | undefined): FieldProblem[] {
  if (value === undefined) return []
  const text = normalizeText(value)
  if (!text) return [{ field, code: `${field}-empty` }]
  const length = textLength(text), max = REPORT_LIMITS[field]
  const tooLong: FieldProblem[] = length > max ? [{ field, code: `${field}-too-long`, params: { max, length } }] : []
  return [...tooLong, ...contentProblems(field, value)]
}

/** Every problem with a report's fields, in field order; empty when the report can be saved. */
export function validateFields(fields: ReportFields, today: LocalDate): FieldProblem[] {
  return [
    ...checkText('title', fields.title),
    ...checkDate(fields.date, today),
    ...checkText('place', fields.place),
    ...checkCount('participants', fields.participants),
    ...checkCount('materials', fields.materials),
  ]
}
