/**
 * Hostile and random input to `报送`, sent by a bound officer to one bot as deployed (real
 * SQLite file, the mock platform). For every message:
 *
 * - the bot answers with exactly one message, nothing is logged as a warning or error and
 *   no command error is raised; the answer is plain text (user markup is never turned into
 *   an @, an image or any other element);
 * - the answer is a receipt `已登记 #N`, a summary of a pasted paragraph, the dialogue's
 *   first question, the question before a duplicate, or a refusal made only of the
 *   plugin's own messages (no stack trace, no raw `pufa-reports.` key, no undefined/NaN/
 *   [object Object] that the input did not contain);
 * - a receipt is backed by exactly one new row, whose fields pass the plugin's own
 *   validation and match the receipt, with its audit entry; anything else writes no row;
 *   a summary, question or duplicate question leaves a draft that `取消` removes without
 *   writing a row.
 *
 * Two generators: `structured` builds commands from values known to be valid (with the
 * value that must be stored) or known to be invalid, so the outcome is predicted exactly;
 * `chaos` throws arbitrary unicode, emoji, markup, CQ codes, SQL, huge and negative numbers
 * and Chinese numerals at every option, quoted or not, repeated, in any order, and only
 * the properties above are checked.
 */
import fc from 'fast-check'
import { $, h, Logger } from 'koishi'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import zhCN from '../plugins/reports/src/locales/zh-CN.yml'
import { FORMS, REPORT_LIMITS, validateFields } from '../src/reports/fields'
import { addDays, dateParts, LocalDate } from '../src/time/local-date'
import { shanghaiDate } from '../src/time/shanghai'
import { createBot, TestBot } from './helpers/bot'
import { FUZZING, runs, timeout } from './helpers/fuzz'
import { addressing, invite } from './helpers/reports'

const STRUCTURED_RUNS = 500
const CHAOS_RUNS = 1000
/**
 * `npm test` replays one fixed seed on a fixed day, so every run sends the same messages;
 * `npm run fuzz` draws fresh ones on the real day (see tests/helpers/fuzz.ts).
 */
const FIXED_NOW = new Date('2026-12-10T10:00:00+08:00')
const OFFICER = 'officer1'
const GROUP = 'g1'
/** A 1×1 PNG: a photo the bot can save without any network. */
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='
/** Nothing listens there: the download fails at once, on this machine. */
const DEAD_PHOTO = 'http://127.0.0.1:1/photo.png'

const today = () => shanghaiDate(new Date())

// ───────────── the plugin's own wording ─────────────

const messages = zhCN['pufa-reports']
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A locale message as a pattern: each {placeholder} stands for any text. */
function template(message: string, any: string) {
  return message.split(/\{\w+\}/).map(escapeRegExp).join(any)
}

/** Messages a refusal may consist of, one per line. */
const REFUSALS: string[] = [
  ...Object.entries(messages.problem as Record<string, string>)
    .filter(([key]) => key !== 'suggestion' && key !== 'no-suggestion')
    .map(([, message]) => message),
  messages.photo['download-failed'], messages.photo['link-refused'], messages.photo['too-large'], messages.photo['not-image'],
  messages['not-officer'], messages['admin-needs-unit'], messages['other-unit'], messages['unknown-unit'],
  messages['input-too-long'], messages['option-too-long'], messages.resend,
]
const REFUSAL_LINE = new RegExp(`^(?:${REFUSALS.map(m => template(m, '[^\\n]*')).join('|')})$`)
// Slow path for refusals that echo input with line breaks in it: the whole reply at once.
const REFUSAL_TEXT = new RegExp(`^(?:${REFUSALS.map(m => template(m, '[\\s\\S]*?')).join('|')})(?:\\n(?:${REFUSALS.map(m => template(m, '[\\s\\S]*?')).join('|')}))*$`)

function isRefusal(text: string) {
  return text.split('\n').every(line => REFUSAL_LINE.test(line)) || REFUSAL_TEXT.test(text)
}

const RECEIPT = /^已登记 #(\d+)｜城关镇｜(\d{4}-\d{2}-\d{2})｜([^｜\n]+)｜([\d,]+)人次｜([\d,]+)份(?:｜📎(\d+))?$/
const SUMMARY_HEADER = messages.confirm.parsed
// In a group every question and summary ends with how to answer there.
const GROUP_HINT = messages.ask['in-group']
const DIALOGUE = `${messages.ask.title}\n${messages.ask.cancel}\n${GROUP_HINT}`
const DUPLICATE = new RegExp(`^${template(messages.duplicate.ask, '[\\s\\S]*?')}$`)
const CANCELLED = messages.cancelled
const FORBIDDEN = ['pufa-reports.', 'commands.', 'undefined', 'NaN', '[object', 'Error', '    at ']

type Outcome =
  | { kind: 'receipt'; id: number; date: string; theme: string; participants: number; materials: number; photos: number; notes: string[] }
  | { kind: 'summary' | 'dialogue' | 'duplicate' }
  | { kind: 'refusal' }

/** What kind of answer this is; throws when it is none of the expected kinds. */
function classify(reply: string): Outcome {
  const lines = reply.split('\n')
  const receipt = RECEIPT.exec(lines[lines.length - 1])
  if (receipt && lines.slice(0, -1).every(line => REFUSAL_LINE.test(line))) {
    const [, id, date, theme, participants, materials, photos] = receipt
    const count = (text: string) => Number(text.replace(/,/g, ''))
    return { kind: 'receipt', id: +id, date, theme, participants: count(participants), materials: count(materials), photos: +(photos ?? 0), notes: lines.slice(0, -1) }
  }
  const header = lines.indexOf(SUMMARY_HEADER)
  const ending = lines.slice(-2)
  const ends = ending[1] === GROUP_HINT && [messages.confirm.how, messages.confirm['fix-first']].includes(ending[0])
  if (header >= 0 && ends && lines.slice(0, header).every(line => REFUSAL_LINE.test(line))) {
    expect(lines[header + 1]).toBe('· 单位：城关镇')
    return { kind: 'summary' }
  }
  if (reply.endsWith(DIALOGUE) && lines.slice(0, -3).every(line => REFUSAL_LINE.test(line))) return { kind: 'dialogue' }
  if (DUPLICATE.test(reply)) return { kind: 'duplicate' }
  if (isRefusal(reply)) return { kind: 'refusal' }
  throw new Error(`not a receipt, summary, question or one of the plugin's refusals:\n${reply}`)
}

// ───────────── the bot ─────────────

let t: TestBot
let officer: ReturnType<TestBot['client']>
let unitId: number
const logged: string[] = []
const commandErrors: unknown[] = []
const elements: string[] = []
const logTarget: Logger.Target = { colors: 0, record: record => void ((record.type === 'warn' || record.type === 'error') && logged.push(`[${record.name}] ${record.content}`)) }

beforeAll(async () => {
  // Only Date: the bot's own timers (downloads, the database) run as usual.
  if (!FUZZING) vi.useFakeTimers({ now: FIXED_NOW, toFake: ['Date'] })
  Logger.targets.push(logTarget)
  t = await createBot()
  t.app.on('command-error', (_, error) => void commandErrors.push(error))
  // What the platform would be asked to send: anything but text is markup that got through.
  t.app.on('before-send', (session) => {
    for (const element of h.select(session.elements ?? [], '*')) {
      if (element.type !== 'text') elements.push(element.toString())
    }
  })
  officer = t.client(OFFICER, GROUP)
  expect(await officer.receive(`绑定 ${await invite(t, '城关镇')}`)).toEqual([expect.stringContaining('绑定成功')])
  ;[{ id: unitId }] = await t.app.database.get('pufa_unit', { name: '城关镇' })
}, 60_000)

afterAll(async () => {
  Logger.targets.splice(Logger.targets.indexOf(logTarget), 1)
  await t?.dispose()
  vi.useRealTimers()
})

const countReports = () => t.app.database.eval('pufa_report', row => $.count(row.id))
const countDrafts = () => t.app.database.eval('pufa_report_draft', row => $.count(row.userId))

/**
 * Sends one `报送` message and checks everything that holds for any input. Returns the
 * outcome and, for a receipt, the row it wrote.
 */
async function send(text: string) {
  expect(await countDrafts()).toBe(0)
  const before = await countReports()
  const [maxBefore] = await t.app.database.get('pufa_report', {}, { sort: { id: 'desc' }, limit: 1, fields: ['id'] })
  logged.length = commandErrors.length = elements.length = 0

  const replies = await officer.receive(text)
  expect(replies, 'exactly one answer').toHaveLength(1)
  const [reply] = replies
  expect(logged, 'nothing logged as a warning or error').toEqual([])
  expect(commandErrors).toEqual([])
  expect(elements, 'only text is sent').toEqual([])
  for (const word of FORBIDDEN) {
    if (reply.includes(word)) expect(text, `${JSON.stringify(word)} in the answer`).toContain(word)
  }

  const outcome = classify(reply)
  const after = await countReports()
  if (outcome.kind !== 'receipt') {
    expect(after, 'no row without a receipt').toBe(before)
    if (outcome.kind === 'refusal') {
      expect(await countDrafts(), 'a refusal leaves no draft').toBe(0)
    } else {
      expect(await countDrafts()).toBe(1)
      // Addressed to the bot, as a group answer must be.
      expect(await addressing(officer).receive('取消')).toEqual([CANCELLED])
      expect(await countReports(), 'cancelled: no row').toBe(before)
      expect(await countDrafts(), 'cancelled: no draft').toBe(0)
    }
    return { outcome, reply }
  }

  expect(after, 'a receipt stands for exactly one new row').toBe(before + 1)
  expect(outcome.id).toBeGreaterThan(maxBefore?.id ?? 0)
  expect(await countDrafts()).toBe(0)
  const [row] = await t.app.database.get('pufa_report', { id: outcome.id })
  expect(row).toBeDefined()
  // The row says what the receipt said, and passes the plugin's own checks.
  expect({
    unitId: row.unitId, date: row.date, theme: row.theme || messages.receipt['no-theme'],
    participants: row.participants, materials: row.materials, photos: row.photos.length, status: row.status,
  }).toEqual({
    unitId, date: outcome.date, theme: outcome.theme,
    participants: outcome.participants, materials: outcome.materials, photos: outcome.photos, status: 'active',
  })
  const fields = { title: row.title, date: row.date, place: row.place || undefined, participants: row.participants, materials: row.materials }
  expect(validateFields(fields, today()), JSON.stringify(row)).toEqual([])
  expect(row.title.trim()).not.toBe('')
  expect(row.theme === '' || t.app.pufaContent.library.themes.has(row.theme), row.theme).toBe(true)
  expect(row.form === '' || (FORMS as readonly string[]).includes(row.form), row.form).toBe(true)
  for (const count of [row.participants, row.materials]) {
    expect(Number.isInteger(count) && count >= 0 && count <= REPORT_LIMITS.count).toBe(true)
  }
  expect(row.createdBy).toBe(`mock:${OFFICER}`)
  const audits = await t.app.database.get('pufa_report_audit', { reportId: row.id })
  expect(audits.map(audit => audit.action)).toEqual(['create'])
  return { outcome, reply, row }
}

// ───────────── structured: outcome known in advance ─────────────

type Flag = '-d' | '-l' | '-p' | '-m' | '-t' | '-k'
/** A value as typed after its flag, and what must be stored, from the day it is sent. */
type Valid = { raw: (day: LocalDate) => string; value: (day: LocalDate) => string | number }

const monthDay = (date: LocalDate) => `${dateParts(date).month}月${dateParts(date).day}日`
const fullWidth = (text: string) => text.replace(/[0-9-]/g, ch => String.fromCharCode(ch.charCodeAt(0) + 0xFEE0))
const same = (text: string, value: string | number = text): Valid => ({ raw: () => text, value: () => value })
const relative = (raw: (day: LocalDate) => string, offset: number): Valid => ({ raw, value: day => addDays(day, offset) })

const VALID: Record<Flag, Valid[]> = {
  '-d': [
    relative(() => '今天', 0), relative(() => '昨天', -1), relative(() => '前天', -2), relative(() => '明天', 1),
    relative(day => addDays(day, -3), -3), relative(day => addDays(day, -4).replace(/-/g, '/'), -4),
    relative(day => monthDay(addDays(day, -5)), -5), relative(day => fullWidth(addDays(day, -6)), -6),
    relative(day => `${dateParts(addDays(day, -300)).year}年${monthDay(addDays(day, -300))}`, -300),
  ],
  '-l': [same('城关小学'), same('东街社区文化广场'), same('A区3号楼'), { raw: () => '"城关 小学"', value: () => '城关 小学' }],
  '-p': [same('0', 0), same('300', 300), same('300人', 300), same('300余人', 300), same('三百', 300), same('1.2万', 12000), same('两千五', 2500), same('1,000', 1000), same('1000000', 1000000), same('一千零二', 1002), same('５００', 500)],
  '-m': [same('0', 0), same('500', 500), same('500份', 500), same('两千', 2000), same('3k', 3000)],
  '-t': [same('宪法'), same('民法典'), same('反诈骗', '反诈'), same('禁毒宣传', '禁毒'), same('法治宣传', '法治宣传教育'), same('国家安全')],
  '-k': [same('讲座'), same('法律咨询', '咨询'), same('线上直播', '网络宣传'), same('以案说法', '以案释法'), same('送法下乡')],
}

const BAD_COUNTS = ['-5', '-0', '负三百', '－3', '1000001', '99999999999999999999999', '1e400', 'NaN', 'Infinity', '0x10', '1.5', 'abc', '三四', '""']
/** Values refused whatever the day, each as typed after its flag. */
const INVALID: Record<Flag, ((day: LocalDate) => string)[]> = {
  '-d': [
    ...['2026-02-30', '13月45日', '后天', '明年', 'abc', '2000-01-01', '0000-00-00', '9999-12-31', '1e400', '""'].map(raw => () => raw),
    (day: LocalDate) => addDays(day, 2), (day: LocalDate) => addDays(day, -400),
  ],
  '-l': ['😀广场', '<at id="1"/>', '<at type="all"/>', '[CQ:at,qq=1]', "x';--", '1=1', '长'.repeat(REPORT_LIMITS.place + 1), '""', '&lt;b&gt;', '"SELECT * FROM user"'].map(raw => () => raw),
  '-p': BAD_COUNTS.map(raw => () => raw),
  '-m': BAD_COUNTS.map(raw => () => raw),
  '-t': ['宪发', 'xyz', '不存在', '123'].map(raw => () => raw),
  '-k': ['xyz', '跳舞', '不存在'].map(raw => () => raw),
}

/** Options are read in this order; the refusal names the first bad one. */
const FLAG_ORDER: Flag[] = ['-d', '-l', '-p', '-m', '-t', '-k']
const FIELD_NAME: Record<Flag | 'title', string> = { '-d': '日期', '-l': '地点', '-p': '人数', '-m': '资料', '-t': '主题', '-k': '形式', title: '标题' }
const OPTION_FIELD: Record<Flag, string> = { '-d': 'date', '-l': 'place', '-p': 'participants', '-m': 'materials', '-t': 'theme', '-k': 'form' }

const TITLES = ['宪法进校园宣讲', '民法典进社区', '普法讲座', '送法下乡活动', '法治文艺演出', '反诈宣传']
/** The theme and form each title names, taken when -t or -k does not say. */
const TITLE_NAMES: Record<string, { theme: string; form: string }> = {
  宪法进校园宣讲: { theme: '宪法', form: '宣讲' },
  民法典进社区: { theme: '民法典', form: '' },
  普法讲座: { theme: '法治宣传教育', form: '讲座' },
  送法下乡活动: { theme: '法治宣传教育', form: '送法下乡' },
  法治文艺演出: { theme: '法治宣传教育', form: '文艺演出' },
  反诈宣传: { theme: '反诈', form: '' },
}
const BAD_TITLE_PARTS = ['😀', '👍🏻', '🇨🇳', '<at id="1"/>', '[CQ:at,qq=1]', "x'OR'1'='1", 'SELECT * FROM user', '1=1', '长'.repeat(REPORT_LIMITS.title + 1)]

type StructuredOption = { flag: Flag } & ({ valid: true; value: Valid } | { valid: false; raw: (day: LocalDate) => string })

const structuredOption = (flag: Flag): fc.Arbitrary<StructuredOption> => fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...VALID[flag]).map(value => ({ flag, valid: true as const, value })) },
  { weight: 1, arbitrary: fc.constantFrom(...INVALID[flag]).map(raw => ({ flag, valid: false as const, raw })) },
)

const structured = fc.record({
  title: fc.constantFrom(...TITLES),
  badTitle: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...BAD_TITLE_PARTS) }),
  options: fc.shuffledSubarray(FLAG_ORDER, { minLength: 1 }).chain(flags => fc.tuple(...flags.map(structuredOption))),
})

// ───────────── chaos: anything at all ─────────────

const HOSTILE = [
  '<at id="1"/>', '<at type="all"/>', '<at id="514"/>', '[CQ:at,qq=1]', '[CQ:at,qq=all]', '[CQ:image,file=x.png]', '<b>粗</b>', '<script>alert(1)</script>',
  '&lt;at id=1/&gt;', '&amp;', '&#60;', '<face id="1"/>', '<!-- x -->', '＜script＞', `<img src="${DEAD_PHOTO}"/>`, `<img src="${PNG}"/>`,
  "'; DROP TABLE pufa_report; --", "1' OR '1'='1", '" OR ""="', 'UNION SELECT * FROM user', '/* x */', '1=1', "Robert'); DROP TABLE students;--",
  'SELECT name FROM sqlite_master', 'WAITFOR DELAY', "'", '"', '`', '\\', '%', '_', '%00', '\u0000', '\u0007', '\u001b[31m', '\t', '\n', '\r\n',
  '\u200b', '\u200d', '\u202e', '\u2066', '\u00ad', '\ufeff', '\u3000', '😀', '👍🏻', '👨‍👩‍👧', '🇨🇳', '1️⃣', '❤️', '𠀀', '\ud83d',
  '三百', '一千零二', '两千五', '1.2万', '十万', '一亿', '九千九百九十九万', '零', '〇', '负三百', '三四', '百', '万人',
  '-1', '-0', '－3', '1e400', '1e-7', 'NaN', 'Infinity', '-Infinity', '0x10', '0b1', '1,000', '1.5', '１２３', String(Number.MAX_SAFE_INTEGER), '9'.repeat(400),
  '今天', '昨天', '明天', '后天', '12月4日', '2026-02-30', '2026-12-04', '0000-00-00', '9999-12-31', '13月45日', '12.4', '2026/11/20',
  '宪法', '宪发', '民法典', '反诈骗', '讲座', '咨询', '国家宪法日', '宪法宣传周', '城关镇', '东城街道', '城关小学',
  'undefined', 'null', 'true', '[object Object]', '__proto__', 'constructor', '{0}', '{field}', 'pufa-reports.cancelled', '$&', '确认', '取消',
  '-', '--', '-x', '--date', '--date=今天', '-p=3', '"unclosed', '“中文引号”', '「」',
]
const number = fc.oneof(
  fc.integer().map(String),
  fc.double().map(String),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.integer({ min: -5, max: 2_000_000 }).map(String),
)
const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 12 }) },
  { weight: 2, arbitrary: number },
  { weight: 1, arbitrary: fc.constantFrom(...TITLES) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 100, maxLength: 600 }) },
)
const words = fc.tuple(fc.array(piece, { maxLength: 4 }), fc.constantFrom(' ', '')).map(([parts, separator]) => parts.join(separator))
const chaosValue = fc.oneof(
  { weight: 3, arbitrary: words },
  { weight: 2, arbitrary: fc.constantFrom(...FLAG_ORDER).chain(flag => fc.constantFrom(...VALID[flag].map(v => v.raw))).map(raw => raw(today())) },
  { weight: 2, arbitrary: fc.constantFrom(...FLAG_ORDER).chain(flag => fc.constantFrom(...INVALID[flag])).map(raw => raw(today())) },
  { weight: 1, arbitrary: fc.constantFrom('城关镇', '东城街道', '不存在的单位') },
)
const chaos = fc.record({
  // Known titles come back again and again: same title, same day is the duplicate question.
  title: fc.oneof({ weight: 3, arbitrary: words }, { weight: 1, arbitrary: fc.constantFrom(...TITLES) }),
  options: fc.array(fc.record({
    flag: fc.constantFrom<string>('-d', '-l', '-p', '-m', '-t', '-k', '-n', '-u', '--date', '--place', '--participants', '--theme'),
    value: fc.option(chaosValue, { freq: 8 }),
    quoted: fc.boolean(),
  }), { maxLength: 6 }),
  optionsFirst: fc.boolean(),
})

/** Only photos this machine answers for (a data: URL, a closed loopback port) are ever fetched. */
function fetchesOnlyLocally(text: string) {
  return h.select(h.parse(text), 'img,image,video,audio,file').every(element => [PNG, DEAD_PHOTO].includes(element.attrs.src ?? element.attrs.url))
}

/** 报送's one-letter options, -h (help) included. */
const SHORT_OPTIONS = 'dlpmtknuh'

/**
 * Not the `报送` command itself: a subcommand, or Koishi's help. 报送 reads options strictly,
 * so a word is flags only when it starts with one of its own (`-dh` is `-d -h`, `-5h` is
 * text); the help page comes for such a word with an h among its flags (ḩ counted, as it may
 * come decomposed), or for --help.
 */
function isReportCommand(text: string) {
  const asksHelp = text.normalize('NFD').split(/\s+/).some((word) => {
    if (/^--help(?:=|$)/.test(word)) return true
    const flags = /^-([^-=][^=]*)/.exec(word)?.[1]
    return !!flags && SHORT_OPTIONS.includes(flags[0]) && flags.includes('h')
  })
  return !asksHelp && !/^报送\s+(?:列表|查看|修改|撤回)(?:\s|$)/.test(text)
}

/**
 * Koishi 4.18's own argument parser looks words up in plain objects of options, so a
 * word or long option that is an Object.prototype key is taken for an option:
 * `报送 __proto__` and `报送 x --toString` get no answer (TypeError in Command.parse),
 * `报送 x valueOf` answers with a JavaScript error message, `报送 x constructor -p 1`
 * swallows `-p`. That is upstream of the plugin and left out here; quoted or glued to other
 * text, such words still come.
 */
const PROTOTYPE_WORDS = new Set(Object.getOwnPropertyNames(Object.prototype))
const hasPrototypeWord = (text: string) => text.split(/\s+/).some(word => PROTOTYPE_WORDS.has(word.replace(/^--?/, '').replace(/=.*$/s, '')))

// ───────────── properties ─────────────

describe('报送 with hostile input', () => {
  let unique = 0

  it(`predicts the outcome of ${STRUCTURED_RUNS} commands built from known good and bad values`, async () => {
    const seen = { receipt: 0, refusal: 0 }
    await fc.assert(fc.asyncProperty(structured, async ({ title, badTitle, options }) => {
      const day = today()
      const fullTitle = `${title}${++unique}${badTitle ? ` ${badTitle}` : ''}`
      const typed = options.map(option => `${option.flag} ${option.valid ? option.value.raw(day) : option.raw(day)}`)
      const text = `报送 ${fullTitle} ${typed.join(' ')}`
      const { outcome, reply, row } = await send(text)

      const firstBad = FLAG_ORDER.map(flag => options.find(option => option.flag === flag)).find(option => option && !option.valid)
      if (firstBad || badTitle) {
        expect(outcome.kind, `${text}\n${reply}`).toBe('refusal')
        // Options are checked first, in order, then the title.
        expect(reply.split('\n')[0], text).toContain(FIELD_NAME[firstBad ? firstBad.flag : 'title'])
        seen.refusal++
        return
      }
      expect(outcome.kind, `${text}\n${reply}`).toBe('receipt')
      const expected: Record<string, string | number> = { title: fullTitle, date: day, place: '', participants: 0, materials: 0, ...TITLE_NAMES[title], source: 'line' }
      for (const option of options) if (option.valid) expected[OPTION_FIELD[option.flag]] = option.value.value(day)
      expect(row, text).toMatchObject(expected)
      seen.receipt++
    }), runs(STRUCTURED_RUNS))
    // Both sides of the property were exercised.
    expect(seen.receipt).toBeGreaterThan(STRUCTURED_RUNS / 10)
    expect(seen.refusal).toBeGreaterThan(STRUCTURED_RUNS / 10)
  }, timeout(180_000))

  it(`answers ${CHAOS_RUNS} random and hostile commands with a receipt, a question or its own refusal`, async () => {
    const seen: Record<string, number> = {}
    await fc.assert(fc.asyncProperty(chaos, async ({ title, options, optionsFirst }) => {
      const typed = options.map(({ flag, value, quoted }) => value === null ? flag : `${flag} ${quoted ? `"${value.replace(/"/g, '')}"` : value}`)
      const parts = optionsFirst ? [...typed, title] : [title, ...typed]
      const text = `报送 ${parts.join(' ')}`
      fc.pre(isReportCommand(text) && fetchesOnlyLocally(text) && !hasPrototypeWord(text))
      const { outcome } = await send(text)
      seen[outcome.kind] = (seen[outcome.kind] ?? 0) + 1
    }), runs(CHAOS_RUNS))
    // The generator reaches every kind of answer, not just refusals.
    expect(Object.keys(seen).sort()).toEqual(expect.arrayContaining(['receipt', 'refusal', 'summary']))
  }, timeout(300_000))
})
