import { join } from 'node:path'
import { z } from 'zod'
import { DataFileError, readYamlList } from '../data-file'

export const UNIT_NAME_MAX = 30

export interface Roster {
  kinds: string[]
  units: { name: string; kind: string }[]
}

/** Unit kinds and the starting roster from `unit-kinds.yml` and `units.yml`. */
export function loadRoster(configDir: string): Roster {
  const kinds = readYamlList(join(configDir, 'unit-kinds.yml'), z.string().min(1).max(15))
  const units = readYamlList(join(configDir, 'units.yml'), z.strictObject({
    name: z.string().min(2).max(UNIT_NAME_MAX),
    kind: z.string(),
  }))
  const problems = [...kinds.problems, ...units.problems]
  units.entries.forEach((unit, index) => {
    if (!kinds.entries.includes(unit.kind)) problems.push(`units.yml 第 ${index + 1} 项（${unit.name}） 字段 kind：未知类型“${unit.kind}”，可选：${kinds.entries.join('、')}`)
  })
  const seen = new Set<string>()
  for (const unit of units.entries) {
    if (seen.has(unit.name)) problems.push(`units.yml：单位“${unit.name}”重复`)
    seen.add(unit.name)
  }
  if (problems.length) throw new DataFileError(problems)
  return { kinds: kinds.entries, units: units.entries }
}
