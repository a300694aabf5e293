import { existsSync, readdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { Calendar } from '../calendar/calendar'
import { CalendarEntry, entrySchema } from '../calendar/schema'
import { DataFileError, readYamlList } from '../data-file'
import { HolidaySchedule, readHolidays } from '../holidays/schedule'
import { itemSchema, KeyDateItem, Law, lawSchema, Theme, themeSchema, Tip, tipSchema } from './schema'

/** Words that tell which day or week of a window today is. */
const DAY_CLAIM = /今天是|第[一二三四五六七]天|第[一二三四五]周|最后一[天周]/

/** Everything the bot says, loaded from `config/` and cross-checked. */
export interface Library {
  themes: Map<string, Theme>
  laws: Map<string, Law>
  calendar: Calendar
  tips: Tip[]
  items: KeyDateItem[]
  /** Which file each tip and item came from, for error messages and exports. */
  sources: Map<string, string>
  /** Holidays and 调休 of years the holiday package lacks, from `holidays.yml` (optional file). */
  holidays: HolidaySchedule
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).filter(name => /\.ya?ml$/.test(name)).sort().map(name => join(dir, name))
}

/**
 * Loads `themes.yml`, `laws.yml`, `calendar.yml`, `tips/*.yml` and `items/*.yml` from a
 * config folder, plus any extra tip files, and checks that they agree with each other.
 * Throws a DataFileError listing every problem with file, entry and field.
 */
export function loadLibrary(configDir: string, extraTipFiles: string[] = []): Library {
  const problems: string[] = []
  // Valid entries of a file are still cross-checked when others in it are not.
  const read = <S extends Parameters<typeof readYamlList>[1]>(file: string, schema: S) => {
    const result = readYamlList(file, schema)
    problems.push(...result.problems)
    return result.entries
  }

  const themeList = read(join(configDir, 'themes.yml'), themeSchema)
  const lawList = read(join(configDir, 'laws.yml'), lawSchema)
  const entries = read(join(configDir, 'calendar.yml'), entrySchema)
  const holidays = readHolidays(join(configDir, 'holidays.yml'))
  problems.push(...holidays.problems)
  const sources = new Map<string, string>()
  const tips: Tip[] = [], items: KeyDateItem[] = []
  for (const file of [...yamlFiles(join(configDir, 'tips')), ...extraTipFiles]) {
    for (const tip of read(file, tipSchema)) {
      if (sources.has(tip.id)) problems.push(`${basename(file)} id: ${tip.id}：与 ${sources.get(tip.id)} 中的条目重复`)
      else sources.set(tip.id, basename(file))
      tips.push(tip)
    }
  }
  for (const file of yamlFiles(join(configDir, 'items'))) {
    for (const item of read(file, itemSchema)) {
      if (sources.has(item.id)) problems.push(`${basename(file)} id: ${item.id}：与 ${sources.get(item.id)} 中的条目重复`)
      else sources.set(item.id, basename(file))
      items.push(item)
    }
  }

  const themes = new Map(themeList.map(theme => [theme.id, theme]))
  const laws = new Map(lawList.map(law => [law.id, law]))
  const calendarIds = new Set(entries.map(entry => entry.id))

  for (const theme of themeList) {
    if (theme.parent && !themes.has(theme.parent)) problems.push(`themes.yml id: ${theme.id} 字段 parent：未知主题“${theme.parent}”`)
  }
  checkCalendar(entries, themes, problems)
  for (const tip of tips) {
    const where = `${sources.get(tip.id)} id: ${tip.id}`
    for (const theme of tip.themes) {
      if (!themes.has(theme)) problems.push(`${where} 字段 themes：未知主题“${theme}”${suggest(theme, themes.keys())}`)
    }
    for (const id of tip.keyDates) {
      if (!calendarIds.has(id)) problems.push(`${where} 字段 keyDates：日历中没有“${id}”${suggest(id, calendarIds)}`)
    }
    checkLaw(where, tip.law, tip.validFrom, laws, problems)
    if (tip.group && !tips.some(other => other !== tip && other.group === tip.group)) {
      problems.push(`${where} 字段 group：没有别的每日一法属于“${tip.group}”，请检查拼写`)
    }
  }
  for (const item of items) {
    const where = `${sources.get(item.id)} id: ${item.id}`
    const entry = entries.find(e => e.id === item.entry)
    if (!entry) problems.push(`${where} 字段 entry：日历中没有“${item.entry}”${suggest(item.entry, calendarIds)}`)
    else if (item.week && !('month' in entry.when)) problems.push(`${where} 字段 week：${entry.name}不是整月的节点，请改用 day`)
    else if (entry.announced && DAY_CLAIM.test(item.body)) {
      problems.push(`${where} 字段 body：${entry.name}的日期每年公布，说“今天是第几天”的话请移到 opening（只在当年日期已填入 years 时推送）`)
    }
    if (item.law) checkLaw(where, item.law, undefined, laws, problems)
  }
  if (problems.length) throw new DataFileError(problems)
  return { themes, laws, calendar: new Calendar(entries), tips, items, sources, holidays: holidays.schedule }
}

function checkCalendar(entries: CalendarEntry[], themes: Map<string, Theme>, problems: string[]) {
  if (!entries.length) problems.push('calendar.yml：日历为空')
  const seen = new Set<string>()
  for (const entry of entries) {
    if (seen.has(entry.id)) problems.push(`calendar.yml id: ${entry.id}：id 重复`)
    seen.add(entry.id)
    for (const theme of entry.themes) {
      if (!themes.has(theme)) problems.push(`calendar.yml id: ${entry.id} 字段 themes：未知主题“${theme}”${suggest(theme, themes.keys())}`)
    }
  }
}

function checkLaw(where: string, lawId: string, validFrom: string | undefined, laws: Map<string, Law>, problems: string[]) {
  const law = laws.get(lawId)
  if (!law) {
    problems.push(`${where} 字段 law：laws.yml 中没有“${lawId}”${suggest(lawId, laws.keys())}`)
  } else if (law.repealed) {
    const replaced = law.replacedBy ? `，请改引《${law.replacedBy}》` : ''
    problems.push(`${where} 字段 law：《${law.title}》已于 ${law.repealed} 废止${replaced}`)
  } else if (validFrom && validFrom < law.effective) {
    problems.push(`${where} 字段 validFrom：早于所引《${law.title}》现行文本的施行日期 ${law.effective}`)
  }
}

/** “，是不是“X”？” for the closest known name, or an empty string. */
export function suggest(input: string, known: Iterable<string>): string {
  let best: string | undefined, bestScore = Infinity
  for (const candidate of known) {
    const score = editDistance(input, candidate)
    if (score < bestScore) [best, bestScore] = [candidate, score]
  }
  if (!best || bestScore > Math.max(2, Math.floor(input.length / 2))) return ''
  return `，是不是“${best}”？`
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1))
      previous = current
    }
  }
  return row[b.length]
}
