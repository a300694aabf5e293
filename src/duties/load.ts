import { basename } from 'node:path'
import { DataFileError, readYamlList } from '../data-file'
import { Duty, DutyYear, dutyYearSchema } from './schema'

/** What duty entries may refer to. */
export interface DutyReferences {
  themes: Set<string>
  keyDates: Set<string>
  forms: readonly string[]
  kinds: readonly string[]
}

/**
 * Reads `duties.yml` (one entry per year) and checks each duty against the themes, key
 * dates, forms and unit kinds the bot knows. Throws a DataFileError naming file, entry
 * and field for every problem.
 */
export function loadDuties(file: string, refs: DutyReferences): DutyYear[] {
  const { entries, problems } = readYamlList(file, dutyYearSchema)
  const name = basename(file)
  const years = new Set<number>()
  for (const year of entries) {
    if (years.has(year.year)) problems.push(`${name} 年度 ${year.year}：重复的年度`)
    years.add(year.year)
    const check = (duty: Duty, where: string) => {
      const at = `${name} 年度 ${year.year} ${where}（id: ${duty.id}）`
      for (const kind of duty.kinds ?? []) {
        if (!refs.kinds.includes(kind)) problems.push(`${at} 字段 kinds：没有单位类型“${kind}”（可用：${refs.kinds.join('、')}）`)
      }
      const m = duty.measure
      if (m?.theme && !refs.themes.has(m.theme)) problems.push(`${at} 字段 measure.theme：themes.yml 中没有“${m.theme}”`)
      if (m?.keyDate && !refs.keyDates.has(m.keyDate)) problems.push(`${at} 字段 measure.keyDate：calendar.yml 中没有“${m.keyDate}”`)
      if (m?.form && !refs.forms.includes(m.form)) problems.push(`${at} 字段 measure.form：没有活动形式“${m.form}”（可用：${refs.forms.join('、')}）`)
    }
    const seen = new Set<string>()
    year.duties.forEach((duty, index) => {
      if (seen.has(duty.id)) problems.push(`${name} 年度 ${year.year} duties 第 ${index + 1} 项：重复的 id“${duty.id}”`)
      seen.add(duty.id)
      check(duty, `duties 第 ${index + 1} 项`)
    })
    for (const [unit, duties] of Object.entries(year.units)) {
      duties.forEach((duty, index) => {
        if (seen.has(duty.id)) problems.push(`${name} 年度 ${year.year} units.${unit} 第 ${index + 1} 项：id“${duty.id}”与通用职责重复`)
        check(duty, `units.${unit} 第 ${index + 1} 项`)
      })
    }
  }
  if (problems.length) throw new DataFileError(problems)
  return entries
}
