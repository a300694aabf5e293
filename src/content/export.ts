import { Library } from './library'

/** One row of the library for review in a spreadsheet: a daily tip or a key-date item. */
export interface ExportRow {
  id: string
  kind: 'tip' | 'item'
  title: string
  body: string
  /** The law's full title, e.g. 中华人民共和国民法典. */
  law: string
  /** As written in the statute, e.g. 第三十三条. */
  article: string
  quote: string
  themes: string[]
  /** Calendar entries the row belongs to (an item's own entry). */
  keyDates: string[]
  /** Which day or week of its key date an item is pushed on. */
  slot: string
  validFrom: string
  file: string
}

export function exportRows(library: Library): ExportRow[] {
  const lawTitle = (id?: string) => (id && library.laws.get(id)?.title) || ''
  const tips = library.tips.map((tip): ExportRow => ({
    id: tip.id,
    kind: 'tip',
    title: tip.title,
    body: tip.body.trim(),
    law: lawTitle(tip.law),
    article: tip.article,
    quote: tip.quote?.trim() ?? '',
    themes: tip.themes,
    keyDates: tip.keyDates,
    slot: '',
    validFrom: tip.validFrom,
    file: library.sources.get(tip.id) ?? '',
  }))
  const items = library.items.map((item): ExportRow => ({
    id: item.id,
    kind: 'item',
    title: item.title,
    body: [item.opening, item.body.trim()].filter(Boolean).join('\n'),
    law: lawTitle(item.law),
    article: item.article ?? '',
    quote: item.quote?.trim() ?? '',
    themes: library.calendar.get(item.entry)?.themes ?? [],
    keyDates: [item.entry],
    slot: item.week ? `第${item.week}周` : item.day ? `第${item.day}天` : '当天',
    validFrom: '',
    file: library.sources.get(item.id) ?? '',
  }))
  return [...tips, ...items]
}

/** Column headings of the CSV export, in order. */
export const CSV_COLUMNS: [keyof ExportRow, string][] = [
  ['id', '编号'],
  ['kind', '类型'],
  ['title', '标题'],
  ['body', '正文'],
  ['law', '法律'],
  ['article', '条号'],
  ['quote', '引文'],
  ['themes', '主题'],
  ['keyDates', '节点'],
  ['slot', '推送日'],
  ['validFrom', '生效日期'],
  ['file', '文件'],
]
