/**
 * Reads a report pasted as one paragraph, as liaison officers write them:
 * “12月4日在城关小学开展宪法进校园宣讲活动，参与师生300余人，发放宣传资料500份”.
 *
 * Every field is optional: what is not found stays undefined, for the plugin to ask for.
 * What is found but wrong (2月30日, 300万人) comes back as a problem.
 */
import type { Library } from '../content/library'
import { LocalDate } from '../time/local-date'
import {
  contentProblems, COUNT_HEDGE, FieldProblem, findDate, inferForm, inferTheme, normalizeText, parseCount,
  REPORT_LIMITS, ReportFields, resolveDate, resolveForm, resolveTheme, textLength, validateFields,
} from './fields'

export interface ParseContext {
  today: LocalDate
  library: Pick<Library, 'themes' | 'calendar'>
}

export interface ParseResult {
  fields: ReportFields
  problems: FieldProblem[]
}

const CLAUSE_BREAK = /[\n，,。;；!！?？]+/
const BREAK_CHARS = '\\n，,。;；!！?？'

// ───────────── place ─────────────

// 在/于/到 as prepositions only: not 现在, 正在, 在线, 关于, 由于, 用于, 受到, 达到, 到位 ….
const PLACE_MARKER = '(?:(?<![存现正实自好])在(?![于线])|(?<![关对由属至等基终处用])于(?!是)|(?<![受得达做遇想收看听感办])到(?![位场了达])|走进|前往|赴)'
const PLACE_END = '开展|举办|举行|组织|进行|召开|开设|设点|设立|设置|摆放|为|向|对|与|联合|集中|面向|宣讲|宣传(?![周月日])|讲授|上了|发放|张贴|悬挂|播放|推送|发布|入户|走访'
const PLACE_PHRASE = new RegExp(
  `${PLACE_MARKER} ?(?!${PLACE_END})([^${BREAK_CHARS}、:：()“”"'\\s]{2,30}?)(?=${PLACE_END}|[${BREAK_CHARS}、:：()“”"'\\s]|$)`, 'g',
)
const LABELED_PLACE = /(?:活动)?地点\s*[:：]\s*([^\n，,。;；]{2,40})/
/** Phrases after 在 that say when or how, not where: 在宪法宣传周期间, 在县司法局的指导下 (but 在县一中 is a school). */
const NOT_A_PLACE = /(?:期间|之际|前夕|当天|当日|以来|之中|(?:活动|过程|工作|生活|学习|实践|宣传|执法)中|时|之后|之前|前后|下)$|^(?:线上|线下|网上|网络|此|这|该|其|千家万户|万家|基层|群众|百姓|人心|心田)/
const LOCATIVE_SUFFIX = /(?:范围内|内|上|里)$/

interface Span {
  value: string
  index: number
  length: number
}

function cleanPlace(candidate: string): string | undefined {
  const place = candidate.replace(/[于在]$/, '')
  const trimmed = place.length > 2 ? place.replace(LOCATIVE_SUFFIX, '') : place
  return NOT_A_PLACE.test(trimmed) || textLength(trimmed) < 2 ? undefined : trimmed
}

/** Where the activity was held: a 地点： line, else the first 在…/于…/走进… phrase that names a place. */
function findPlace(text: string): Span | undefined {
  const labeled = LABELED_PLACE.exec(text)
  if (labeled) return { value: labeled[1].trim(), index: labeled.index, length: labeled[0].length }
  for (const match of text.matchAll(PLACE_PHRASE)) {
    const value = cleanPlace(match[1])
    if (value) return { value, index: match.index, length: match[0].length }
  }
}

// ───────────── counts ─────────────

const CN_NUMERALS = '零〇一二两三四五六七八九十百千万亿'
const COUNT_CORE = `(?:\\d{1,3}(?:,\\d{3})+(?![\\d.])|\\d+(?:\\.\\d+)?|[${CN_NUMERALS}])(?:\\d+(?:\\.\\d+)?|[${CN_NUMERALS}kKwW])*`
// 第3场 is not a count; a minus sign is kept so that -300人 is refused rather than read as 300,
// and 1e9 is kept whole so that it is refused rather than read as 1. A space may stand
// between the number and its unit (300 人).
const COUNT = new RegExp(
  `(?:(?<![\\d.])([-−]))?(?<![\\d.${CN_NUMERALS}第A-Za-z])(${COUNT_CORE}(?:[eE][-+]?\\d+)?)(余|多|来|\\+)? ?(人次|人(?!民)|名|位|份|册|本|张|件)?`, 'g',
)

const PERSON_UNITS = ['人次', '人', '名', '位']
const MATERIAL_UNITS = ['份', '册', '本', '张', '件']

const STAFF = '工作人员|法律工作者|律师|法官|检察官|干警|民警|警员|志愿者|讲师|专家|调解员|法律顾问|所长|宣讲员|出动|派出|抽调|安排'
const AUDIENCE = '师生|学生|群众|村民|居民|市民|职工|员工|干部|党员|教师|家长|青少年|未成年人|老人|妇女|儿童|农民工|商户|游客|企业主|从业人员|驾驶员|矫正对象|服刑人员|在押人员|官兵|民兵|人员|人数|农户|代表|观众|听众'
/** Whoever takes part in an activity is its audience, even 干警 at a court's own lecture. */
const TAKING_PART = '参与|参加|参训|参赛|参会|参观|观摩|覆盖|受众|受益|受教育|受教|听众|观众|观看|收看|聆听|吸引|惠及|出席|到场|现场听课|学习'
/** Counts of something done for people, not of the audience: 咨询50人次, 接待来访30人. */
const SERVICE = '咨询|解答|答疑|接待|来访|调解|办理|受理|援助|服务'
// Staff words come first so that 工作人员 is not read as 人员; the nearest word before a count decides.
const ROLE_WORD = new RegExp(`(${STAFF})|(${TAKING_PART})|(${SERVICE})|(${AUDIENCE})`, 'g')
const STAFF_AFTER = new RegExp(`^(?:${STAFF})`)
/** Words between a count and its verb: 300余名师生积极参与. */
const AFTER_FILLER = '都|均|先后|踊跃|积极|现场'
const TAKING_PART_AFTER = new RegExp(`^(?:${AUDIENCE})?(?:${AFTER_FILLER})?(?:${TAKING_PART})`)
const AUDIENCE_AFTER = new RegExp(`^(?:${AUDIENCE})`)
/** A number with no unit is a head count only right after words like 参与人数：. */
const AUDIENCE_BEFORE = new RegExp(`(?:参与|参加|覆盖|受众|受益|受教育|听众|观众|观看|浏览|阅读|人数)(?:${AUDIENCE}|人次|量)?\\s*[:：]?\\s*(?:${COUNT_HEDGE})?\\s*$`)
const MATERIAL_WORD = /发放|派发|分发|赠送|发出|资料|手册|折页|宣传册|宣传品|宣传页|宣传单|读本|书籍|单页|明白纸/
const MATERIAL_BEFORE = new RegExp(`(?:发放|派发|分发|赠送|发出|资料)[^，,。;；\\n]{0,8}?\\s*[:：]?\\s*(?:${COUNT_HEDGE})?\\s*$`)
/** A unit-less number followed by one of these counts something else: 3场, 5天, 200元. */
const OTHER_UNIT_AFTER = /^ ?[场次期个天年月日号时点分条块幅批户家所处项元岁%]/
const APPROX_BEFORE = /(?:近|约|超|逾|上|达|共|计|概)$/

interface CountMention {
  /** The count as written, without a sign: 300余人. */
  text: string
  core: string
  negative: boolean
  index: number
  end: number
  unit?: string
  approximate: boolean
}

function countMentions(text: string): CountMention[] {
  return [...text.matchAll(COUNT)].map(match => ({
    text: match[0].slice(match[1]?.length ?? 0),
    core: match[2],
    negative: Boolean(match[1]),
    index: match.index,
    end: match.index + match[0].length,
    unit: match[4],
    approximate: Boolean(match[3]),
  }))
}

/** The clause before a position, at most `width` characters. */
function clauseBefore(text: string, index: number, width: number): string {
  const before = text.slice(Math.max(0, index - width), index)
  return before.split(CLAUSE_BREAK).pop()!
}

/**
 * 万人 in 万人签名 or 百名 in 百名律师 is a name, not a count, and 数百人 is no number: a
 * lone unit (百人, 千名) only counts when hedged (千余人, 近百人); 十五人 is a count.
 */
function isCount(text: string, mention: CountMention): boolean {
  if (!/^[十百千万亿]/.test(mention.core)) return true
  const before = clauseBefore(text, mention.index, 2)
  if (/[数几]$/.test(before)) return false
  if (/^十[一二三四五六七八九]/.test(mention.core) || textLength(mention.core) > 1) return true
  return mention.approximate || APPROX_BEFORE.test(before)
}

type Role = 'taking-part' | 'audience' | 'neutral' | 'service' | 'staff'

/**
 * Whose head count this is. The words right after it (800人参加, 10名律师) decide first;
 * else the nearest telling word before it in its clause: 参与/受教育 → the audience,
 * 咨询/接待 → people served, 律师/出动 → the staff. A plain 群众 or 师生 is the audience
 * unless a 参与 or a 咨询 stands before it (受教育群众约400人, 解答群众咨询50人次).
 */
function roleOf(text: string, mention: CountMention): Role {
  const after = text.slice(mention.end)
  const before = clauseBefore(text, mention.index, 16)
  const words = [...before.matchAll(ROLE_WORD)].reverse()
  const [nearest, earlier] = words
  // 志愿者40名参与 counts the staff, but 参与干警60名 the audience.
  const adjacentStaff = nearest?.[1] && nearest.index + nearest[0].length === before.length && !earlier?.[2]
  if (STAFF_AFTER.test(after) || adjacentStaff) return 'staff'
  if (TAKING_PART_AFTER.test(after)) return 'taking-part'
  if (!nearest) return AUDIENCE_AFTER.test(after) ? 'audience' : 'neutral'
  // An audience word defers to a verb before it, not to staff: 组织律师3名为村民200余人.
  const telling = nearest[4] || (nearest[1] && earlier?.[2]) ? (earlier && !earlier[1] && !earlier[4] ? earlier : undefined) : nearest
  if (!telling) return 'audience'
  return telling[1] ? 'staff' : telling[2] ? 'taking-part' : 'service'
}

/** A count of people: in 人/人次/名/位, or a bare number right after 参与人数： and the like. */
function isHeadCount(text: string, mention: CountMention): boolean {
  if (mention.unit) return PERSON_UNITS.includes(mention.unit)
  const hasDigits = /\d/.test(mention.core) || mention.approximate
  return hasDigits && !OTHER_UNIT_AFTER.test(text.slice(mention.end))
    && AUDIENCE_BEFORE.test(clauseBefore(text, mention.index, 12))
}

const ROLE_PREFERENCE: Role[] = ['taking-part', 'audience', 'neutral', 'service']

/**
 * The audience: the first count of people said to take part (参与、受教育、惠及…), else
 * the first of an audience (师生300人), else the first with nothing said, and only when
 * there is no other, people served (咨询50人次). Staff are never the audience.
 */
function findParticipants(text: string, mentions: CountMention[]): CountMention | undefined {
  const heads = mentions.filter(m => isCount(text, m) && isHeadCount(text, m))
  const roles = heads.map(m => roleOf(text, m))
  for (const role of ROLE_PREFERENCE) {
    const index = roles.indexOf(role)
    if (index >= 0) return heads[index]
  }
}

/** Materials handed out: the first count near 发放/资料, else the first in 份 or 册. */
function findMaterials(text: string, mentions: CountMention[]): CountMention | undefined {
  const candidates = mentions.filter(m => isCount(text, m) && (m.unit
    ? MATERIAL_UNITS.includes(m.unit)
    : !OTHER_UNIT_AFTER.test(text.slice(m.end)) && MATERIAL_BEFORE.test(clauseBefore(text, m.index, 14))))
  return candidates.find(m => MATERIAL_WORD.test(clauseBefore(text, m.index, 14)))
    ?? candidates.find(m => m.unit === '份' || m.unit === '册')
}

// ───────────── title ─────────────

const LABELED_TITLE = /(?:活动名称|活动主题|活动标题|标题)\s*[:：]\s*([^\n]+)/
const STRONG_VERB = /组织开展|开展|举办|举行|召开|开设/g
const WEAK_VERB = /组织|进行/g
// Counts and 一场/三期 never belong in a title; 千家万户 and 百人宣讲团 stay.
const TITLE_NUMBER = new RegExp(
  `(?<![\\d.第${CN_NUMERALS}])(?:\\d+(?:\\.\\d+)?|[一二两三四五六七八九十][${CN_NUMERALS}]*)(?:余|多)?(?:人次|人(?!民)|名|位|份|册|本|张|件|场次|场|次|期|堂|个)`, 'g',
)
/** Clauses that report numbers or label a line, never the activity itself. */
const NOT_A_TITLE = /^(?:参与|参加|覆盖|受众|受益|观看|阅读|浏览|共|累计|其中|(?:活动)?(?:时间|日期|地点|人数|参与人数|资料|主题|形式|单位)\s*[:：]?$)/
/** A handout clause (发放宣传资料) names the activity only when nothing else does. */
const HANDOUT = /^(?:发放|派发|分发)/
/** Where a run-on title turns to something else: …宣讲并发放资料, …宣讲 参与300人, …活动 师生800人. */
const TITLE_TAIL = new RegExp(`(?<=.{2})(?:并|同时|现场|发放|\\s+(?:参与|参加|覆盖|受众|受益|共|${AUDIENCE})).*$`)
const TITLE_CUT_CHARS = /[、“”"'()《》\s—·:：]/

function tidyTitle(text: string): string {
  return text
    .replace(/^了/, '')
    .replace(TITLE_TAIL, '')
    .replace(/^[\s、:：\-—~]+|[\s、:：\-—~]+$/g, '')
}

/** The object of the last of the verbs in a clause: “…在城关小学开展宪法宣讲” → “宪法宣讲”. */
function objectOf(clause: string, verbs: RegExp): string | undefined {
  for (const match of [...clause.matchAll(verbs)].reverse()) {
    const object = tidyTitle(clause.slice(match.index + match[0].length))
    if (textLength(object) >= 2) return object
  }
}

/** Cuts an over-long title at the last punctuation or space that keeps it within the limit. */
function fitTitle(title: string): string {
  const chars = Array.from(title)
  if (chars.length <= REPORT_LIMITS.title) return title
  const head = chars.slice(0, REPORT_LIMITS.title)
  let cut = head.length
  for (let i = head.length - 1; i > 0; i--) {
    if (TITLE_CUT_CHARS.test(head[i])) {
      cut = i
      break
    }
  }
  return tidyTitle(head.slice(0, cut).join('')) || head.join('')
}

/**
 * The activity, with date, place and numbers taken out: the object of 开展/举办/… in the
 * first clause that has one (组织/进行 if none has), else the first clause that is not a
 * count, a label or a handout, else the first handout.
 */
function findTitle(text: string): string | undefined {
  const labeled = LABELED_TITLE.exec(text)
  if (labeled) return fitTitle(tidyTitle(labeled[1]))
  const clauses = text.replace(TITLE_NUMBER, '').split(CLAUSE_BREAK).map(tidyTitle).filter(Boolean)
  // 开展 in a later clause beats 组织 in an earlier one: “我局组织律师，在集市开展民法典咨询”.
  const title = [STRONG_VERB, WEAK_VERB].map(verbs => clauses.map(clause => objectOf(clause, verbs)).find(Boolean)).find(Boolean)
    ?? clauses.find(clause => !NOT_A_TITLE.test(clause) && !HANDOUT.test(clause))
    ?? clauses.find(clause => HANDOUT.test(clause))
  return title && fitTitle(title)
}

// ───────────── key date ─────────────

/**
 * The core calendar entry a report counts towards, by its date and what it is about: among
 * the windows containing its date, the shortest one the title names (宪法宣传周图片展), else
 * the shortest whose themes include the report's theme or that theme's parent. A date alone
 * decides nothing: a 反诈 lecture in 消防宣传月 belongs to no key date. Returns the entry id.
 */
export function inferKeyDate(date: LocalDate, theme: string | undefined, library: ParseContext['library'], title = ''): string | undefined {
  const windows = library.calendar.on(date).filter(window => window.entry.core)
  const named = windows.find(window => [window.entry.name, window.entry.label].some(name => name && title.includes(name.replace(/^全国|^国际|“|”/g, ''))))
  if (named) return named.entry.id
  if (theme === undefined) return
  const parent = library.themes.get(theme)?.parent
  return windows.find(window => window.entry.themes.some(t => t === theme || t === parent))?.entry.id
}

// ───────────── the paragraph ─────────────

function cut(text: string, span: { index: number; length: number }): string {
  return `${text.slice(0, span.index)}\n${text.slice(span.index + span.length)}`
}

function readCount(field: 'participants' | 'materials', mention: CountMention | undefined, fields: ReportFields, problems: FieldProblem[]) {
  if (!mention) return
  const value = parseCount(mention.text)
  if (value === undefined) problems.push({ field, code: 'count-invalid', params: { input: mention.text } })
  // Kept as negative for validateFields to refuse, like any other impossible count.
  else fields[field] = mention.negative ? -value : value
}

/** Date, counts, place and title read from running text; fields already in `fields` are kept. */
function readRunningText(text: string, today: LocalDate, fields: ReportFields, problems: FieldProblem[]) {
  let rest = text
  const date = findDate(rest)
  if (date) {
    if (!fields.date) {
      const resolved = resolveDate(date, today)
      if (resolved.ok) fields.date = resolved.value
      else problems.push(resolved.problem)
    }
    rest = cut(rest, { index: date.index, length: date.text.length })
  }

  const mentions = countMentions(rest)
  if (fields.participants === undefined) readCount('participants', findParticipants(rest, mentions), fields, problems)
  if (fields.materials === undefined) readCount('materials', findMaterials(rest, mentions), fields, problems)

  const place = findPlace(rest)
  if (place) {
    fields.place ??= place.value
    rest = cut(rest, place)
  }

  const title = findTitle(rest)
  if (title) fields.title ??= title
}

// ───────────── labelled forms ─────────────

/** Labels officers put before each value in a form-like paste, by the field they give. */
const LABELS: Array<[field: keyof ReportFields | 'text' | 'ignore', labels: string]> = [
  ['title', '活动名称|活动标题|活动主题|活动项目|活动名|名称|标题|事项'],
  ['date', '活动时间|活动日期|开展时间|开展日期|举办时间|时间|日期'],
  ['place', '活动地点|开展地点|举办地点|地点|地址|场所'],
  ['participants', '参与人数|参加人数|参与人次|参加人次|参与人员|参加人员|参与群众|参加群众|受众人数|受益人数|受益群众|受教育人数|覆盖人数|覆盖人次|受众|人数|人次'],
  ['materials', '发放宣传资料|发放资料|资料份数|资料数量|发放数量|发放份数|宣传资料|宣传品|资料'],
  ['theme', '宣传主题|普法主题|主题'],
  ['form', '活动形式|宣传形式|活动方式|形式|方式'],
  ['text', '活动内容|活动简介|活动概况|活动情况|简要内容|简介|内容|情况|概况'],
  ['ignore', '报送单位|填报单位|主办单位|承办单位|单位名称|单位|填报人|报送人|联络员|联系人|联系电话|电话|负责人|备注|照片'],
]
const LABEL_FIELD = new Map(LABELS.flatMap(([field, labels]) => labels.split('|').map(label => [label, field] as const)))
const ALL_LABELS = [...LABEL_FIELD.keys()].sort((a, b) => b.length - a.length).join('|')
// 活动名称：…, 2.时间: …, 【地点】…: at the start of a line or after a space or a clause break.
const LABEL = new RegExp(`(?<=^|[\\s,，;；。])(?:[一二三四五六七八九十\\d]{1,2}[、.)]\\s*)?(?:【(${ALL_LABELS})】\\s*[:：]?|(${ALL_LABELS})\\s*[:：])\\s*`, 'gm')
const VALUE_TRIM = /^[\s,，;；。、]+|[\s,，;；。、]+$/g

/** The labelled values of a form-like paste, or undefined when it has fewer than two labels. */
function labelledValues(text: string): { values: Array<[string, string]>; unlabelled: string } | undefined {
  const labels = [...text.matchAll(LABEL)]
  if (labels.length < 2) return
  const values = labels.map((match, i): [string, string] => [
    LABEL_FIELD.get(match[1] ?? match[2])!,
    text.slice(match.index + match[0].length, labels[i + 1]?.index ?? text.length).replace(VALUE_TRIM, ''),
  ])
  return { values, unlabelled: text.slice(0, labels[0].index) }
}

/** Fields from labelled values; what is left to read as running text is returned. */
function readLabelled(values: Array<[string, string]>, { today, library }: ParseContext, fields: ReportFields, problems: FieldProblem[]): string[] {
  const running: string[] = []
  for (const [field, value] of values) {
    if (!value || field === 'ignore') continue
    switch (field) {
      case 'title':
        fields.title ??= fitTitle(value.replace(/\n+/g, ' '))
        break
      case 'date': {
        const date = findDate(value)
        const resolved = date ? resolveDate(date, today) : undefined
        if (resolved?.ok) fields.date ??= resolved.value
        else problems.push(resolved?.problem ?? { field: 'date', code: 'date-invalid', params: { input: value } })
        break
      }
      case 'place':
        fields.place ??= value.replace(/\n+/g, ' ')
        break
      case 'participants':
      case 'materials': {
        const [mention] = countMentions(value)
        if (mention) readCount(field, mention, fields, problems)
        else problems.push({ field, code: 'count-invalid', params: { input: value } })
        break
      }
      case 'theme': {
        const theme = resolveTheme(value, library)
        if (theme.ok) fields.theme ??= theme.value
        else problems.push(theme.problem)
        break
      }
      case 'form': {
        const form = resolveForm(value)
        if (form.ok) fields.form ??= form.value
        else problems.push(form.problem)
        break
      }
      default:
        running.push(value)
    }
  }
  return running
}

// ───────────── the whole message ─────────────

/** A unit's name before what it did (县交通运输局联合…), or a handout (防诈骗宣传单). */
const NOT_ABOUT_THEME = /[^\s,，。;；、:：]{0,12}?(?:局|大队|支队|中队|办公室|办|委员会|委|法院|检察院|所|站|联合会|妇联|工会)(?=在|于|联合|组织|开展|举办|走进|深入|,|，|\s)|[^\s,，。;；、:：]{0,10}?(?:读本|资料|宣传单|宣传册|手册|折页|书籍|单页)/g

/**
 * Fields found in a pasted paragraph or form, and the problems with them. A form-like paste
 * (two or more 活动名称：/时间：/地点：… labels, on separate lines or not) is read label by
 * label, its free text (活动内容：…) as running text for whatever the labels leave out.
 * Problems include those of validateFields, and emoji, markup or SQL anywhere in the text
 * (reported on the title when no extracted field carries them).
 */
export function parseParagraph(text: string, context: ParseContext): ParseResult {
  const { today, library } = context
  const fields: ReportFields = {}
  const problems: FieldProblem[] = []
  const normalized = normalizeText(text, { keepCommas: true })

  const form = labelledValues(normalized)
  if (form) {
    const running = readLabelled(form.values, context, fields, problems)
    readRunningText([form.unlabelled, ...running].join('\n'), today, fields, problems)
  } else {
    readRunningText(normalized, today, fields, problems)
  }

  // The title names the activity; the rest of the message is the fallback, without the
  // names of units (县消防救援大队) and handouts (民法典读本), which say nothing of its theme.
  const about = normalized.replace(NOT_ABOUT_THEME, '\n')
  fields.theme ??= inferTheme(fields.title ? [fields.title, about] : [about], library)
  fields.form ??= inferForm(fields.title ? [fields.title, normalized] : [normalized])
  const keyDate = fields.date && inferKeyDate(fields.date, fields.theme, library, fields.title)
  if (keyDate) fields.keyDate = keyDate
  for (const key of Object.keys(fields) as Array<keyof ReportFields>) {
    if (fields[key] === undefined) delete fields[key]
  }

  problems.push(...validateFields(fields, today))
  for (const problem of contentProblems('title', text)) {
    if (!problems.some(p => p.code === problem.code)) problems.push(problem)
  }
  return { fields, problems }
}
