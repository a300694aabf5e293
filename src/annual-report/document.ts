import { AlignmentType, Document, LineRuleType, Packer, Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun, VerticalAlign, WidthType } from 'docx'
import { dateParts } from '../time/local-date'
import { Activity, Amounts, DraftFigures, DraftText, DutyLine, NamedAmounts } from './figures'

// Official-document look: 小标宋 title, 黑体 and 楷体 headings, 仿宋 body in 三号 (16 pt = 32 half-points).
const TITLE_FONT = '方正小标宋简体'
const HEADING_FONT = '黑体'
const SUBHEADING_FONT = '楷体'
const BODY_FONT = '仿宋'
const BODY_SIZE = 32
const TABLE_SIZE = 24
const INDENT = 640 // two characters of 16 pt, in twips
// Lines exactly 28 pt apart, as official documents set them (EXACT: docx's EXACTLY writes a value Word ignores).
const LINE = { line: 560, lineRule: LineRuleType.EXACT }
// A4 with the usual official-document margins; the text is 8,844 twips wide.
const MARGIN = { top: 2098, bottom: 1984, left: 1588, right: 1474 }
const A4 = { width: 11906, height: 16838 }
const TEXT_WIDTH = A4.width - MARGIN.left - MARGIN.right

const run = (text: string, font = BODY_FONT, size = BODY_SIZE) => new TextRun({ text, font: { eastAsia: font, ascii: font, hAnsi: font }, size })

function title(text: string) {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: [run(text, TITLE_FONT, 44)] })
}

function note(text: string) {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 300 }, children: [run(text, SUBHEADING_FONT, TABLE_SIZE)] })
}

function heading(text: string) {
  return new Paragraph({ indent: { firstLine: INDENT }, spacing: LINE, children: [run(text, HEADING_FONT)] })
}

function subheading(text: string) {
  return new Paragraph({ indent: { firstLine: INDENT }, spacing: LINE, children: [run(text, SUBHEADING_FONT)] })
}

function body(text: string) {
  return new Paragraph({ indent: { firstLine: INDENT }, spacing: LINE, children: [run(text)] })
}

function right(text: string) {
  return new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(text)] })
}

/** A full-width table; `weights` share the width among the columns. */
function table(header: string[], rows: (string | number)[][], weights: number[]) {
  const total = weights.reduce((a, b) => a + b, 0)
  const widths = weights.map(w => Math.floor(TEXT_WIDTH * w / total))
  const cell = (text: string | number, index: number, bold = false) => new TableCell({
    width: { size: widths[index], type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: String(text), font: { eastAsia: BODY_FONT }, size: TABLE_SIZE, bold })] })],
  })
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, children: header.map((text, i) => cell(text, i, true)) }),
      ...rows.map(row => new TableRow({ cantSplit: true, children: row.map((text, i) => cell(text, i)) })),
    ],
  })
}

const dayText = (t: DraftText, date: string) => {
  const { year, month, day } = dateParts(date)
  return t('date', { year, month, day })
}

/** A date within the report's year, for table cells: 12月4日. */
const shortDay = (t: DraftText, date: string) => {
  const { month, day } = dateParts(date)
  return t('day', { month, day })
}

const AMOUNT_WEIGHTS = [3, 1, 1.3, 1.3]
const amountsHeader = (t: DraftText, first: string) => [t(first), t('column.count'), t('column.participants'), t('column.materials')]
const amountsRow = (name: string, a: Amounts) => [name, a.count, a.participants, a.materials]

/** A table of named sums, or a sentence saying there is nothing to list. */
function namedTable(t: DraftText, first: string, rows: NamedAmounts[], none: string) {
  return rows.length ? [table(amountsHeader(t, first), rows.map(row => amountsRow(row.name, row)), AMOUNT_WEIGHTS)] : [body(t(none))]
}

function dutyRow(t: DraftText, duty: DutyLine) {
  const unit = duty.metric && t(`metric.${duty.metric}`)
  return [
    duty.title,
    unit ? `${duty.target}${unit}` : t('duty.marked-target'),
    unit ? `${duty.done}${unit}` : t(duty.done ? 'duty.marked-done' : 'duty.marked-open'),
    shortDay(t, duty.due),
    t(`duty.state.${duty.state}`),
  ]
}

function leadership(t: DraftText, f: DraftFigures) {
  return [heading(t('section.leadership')), body(t(f.unit ? 'blank.leadership-unit' : 'blank.leadership-county'))]
}

function institutions(t: DraftText, f: DraftFigures) {
  const out: (Paragraph | Table)[] = [heading(t('section.institutions'))]
  if (f.unit) {
    if (!f.duties) out.push(body(t('duty.no-list', { year: f.year })))
    else {
      const met = f.duties.filter(d => d.state === 'done')
      out.push(body(t('duty.unit-summary', { total: f.duties.length, asOf: dayText(t, f.asOf), met: met.length, unmet: f.duties.length - met.length })))
      out.push(table([t('column.duty'), t('column.target'), t('column.done'), t('column.due'), t('column.state')], f.duties.map(d => dutyRow(t, d)), [4, 1.3, 1.3, 1.8, 1.4]))
    }
    out.push(body(t('blank.institutions-unit')))
    return out
  }
  const duties = f.county!.duties
  if (!duties) out.push(body(t('duty.no-list', { year: f.year })))
  else {
    const complete = duties.filter(d => d.met === d.total).length
    out.push(body(t('duty.county-summary', { units: duties.length, asOf: dayText(t, f.asOf), complete, incomplete: duties.length - complete })))
    const rows = duties.filter(d => d.met < d.total).map(d => [d.unit, d.total, d.met, d.unmet.join(t('list-separator'))])
    if (rows.length) out.push(table([t('column.unit'), t('column.duties'), t('column.met'), t('column.unmet')], rows, [2, 1, 1, 5]))
  }
  out.push(body(t('blank.institutions-county')))
  return out
}

function activityRow(t: DraftText, a: Activity, county: boolean) {
  return [shortDay(t, a.date), ...county ? [a.unit ?? ''] : [], a.title, a.place || t('no-place'), a.participants, a.materials]
}

function keyWork(t: DraftText, f: DraftFigures) {
  const out: (Paragraph | Table)[] = [heading(t('section.key-work')), subheading(t('sub.key-dates'))]
  const tagged = f.byKeyDate.reduce((sum, row) => ({
    count: sum.count + row.count, participants: sum.participants + row.participants, materials: sum.materials + row.materials,
  }), { count: 0, participants: 0, materials: 0 })
  if (tagged.count) out.push(body(t('key-dates', { ...tagged, nodes: f.byKeyDate.length })))
  out.push(...namedTable(t, 'column.key-date', f.byKeyDate, 'none.key-dates'))
  out.push(subheading(t('sub.top')))
  if (f.top.length) {
    out.push(body(t('top', { n: f.top.length })))
    const header = [t('column.date'), ...f.unit ? [] : [t('column.unit')], t('column.title'), t('column.place'), t('column.participants'), t('column.materials')]
    out.push(table(header, f.top.map(a => activityRow(t, a, !f.unit)), f.unit ? [1.6, 3.6, 2.6, 1.3, 1.3] : [1.6, 2, 3, 2.2, 1.3, 1.3]))
  } else {
    out.push(body(t('none.activities')))
  }
  out.push(body(t('blank.key-work')))
  return out
}

function figures(t: DraftText, f: DraftFigures) {
  const out: (Paragraph | Table)[] = [heading(t('section.figures'))]
  out.push(body(t('totals', { ...f.totals, photos: f.photos })))
  if (f.county) {
    const { units, reported, silent } = f.county
    out.push(body(t(silent.length ? 'county-units' : 'county-units-all', { units, reported, silent: silent.length, names: silent.join(t('list-separator')) })))
  }
  if (!f.totals.count) out.push(body(t('none.totals')))
  out.push(subheading(t('sub.by-theme')), ...namedTable(t, 'column.theme', f.byTheme, 'none.rows'))
  out.push(subheading(t('sub.by-form')), ...namedTable(t, 'column.form', f.byForm, 'none.rows'))
  out.push(subheading(t('sub.by-month')))
  out.push(table(amountsHeader(t, 'column.month'), [
    ...f.byMonth.map((a, index) => amountsRow(t('month', { month: index + 1 }), a)),
    amountsRow(t('column.total'), f.totals),
  ], AMOUNT_WEIGHTS))
  return out
}

/** Months up to the figures' date without a single report. */
function silentMonths(f: DraftFigures) {
  const last = f.asOf.startsWith(String(f.year)) ? dateParts(f.asOf).month : 12
  return f.byMonth.slice(0, last).flatMap((a, index) => a.count ? [] : [index + 1])
}

function problems(t: DraftText, f: DraftFigures) {
  const out: (Paragraph | Table)[] = [heading(t('section.problems')), subheading(t('sub.problems'))]
  const hints: string[] = []
  const months = silentMonths(f)
  if (months.length) hints.push(t('hint.silent-months', { months: months.map(month => t('month', { month })).join(t('list-separator')) }))
  const unmet = f.duties?.filter(d => d.state !== 'done').map(d => d.title) ?? []
  if (unmet.length) hints.push(t('hint.unmet-duties', { duties: unmet.join(t('list-separator')) }))
  const behind = f.county?.duties?.filter(d => d.met < d.total).length ?? 0
  if (behind) hints.push(t('hint.county-unmet', { units: behind }))
  if (f.county?.silent.length) hints.push(t('hint.county-silent', { units: f.county.silent.length }))
  if (hints.length) out.push(body(t('hint.intro')), ...hints.map(hint => body(hint)))
  out.push(body(t('blank.problems')))
  out.push(subheading(t('sub.plans')), body(t(f.unit ? 'blank.plans-unit' : 'blank.plans-county')))
  return out
}

/** The draft as a Word document: a 履职报告 when the figures name a unit, else the county's 年度普法工作总结. */
export function draftDocument(f: DraftFigures, t: DraftText): Document {
  const params = { year: f.year, unit: f.unit ?? '' }
  const kind = f.unit ? 'unit' : 'county'
  const children = [
    title(t(`title.${kind}`, params)),
    note(t('draft-note', { asOf: dayText(t, f.asOf), generated: dayText(t, f.generatedOn) })),
    body(t(`intro.${kind}`, params)),
    ...leadership(t, f),
    ...institutions(t, f),
    ...keyWork(t, f),
    ...figures(t, f),
    ...problems(t, f),
    right(f.unit ?? t('signature.county')),
    right(t('blank.date')),
  ]
  return new Document({
    creator: t('creator'),
    title: t(`title.${kind}`, params),
    sections: [{ properties: { page: { size: A4, margin: MARGIN } }, children }],
  })
}

/** The draft as the bytes of a .docx file. */
export function draftBuffer(f: DraftFigures, t: DraftText): Promise<Buffer> {
  return Packer.toBuffer(draftDocument(f, t))
}
