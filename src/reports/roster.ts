import { join } from 'node:path'
import { z } from 'zod'
import { DataFileError, readYamlList } from '../data-file'
import { checkUnitName, UnitNameProblem, unitNameKey } from './unit-name'

export interface Roster {
  kinds: string[]
  units: { name: string; kind: string }[]
}

/** What is wrong with a unit name, for the maintainer of units.yml. */
const NAME_PROBLEMS: Record<UnitNameProblem['code'], (params: { length?: number; min?: number; max?: number }) => string> = {
  'name-empty': () => '名称不能为空',
  'name-space': () => '名称不能含空格',
  'name-invisible': () => '名称里有看不见的字符（控制符、零宽或改变文字方向的字符）',
  'name-emoji': () => '名称里不能有表情符号',
  'name-markup': () => '名称不能含尖括号、方括号、花括号或 @、CQ 码之类的特殊内容',
  'name-too-short': ({ min }) => `名称至少 ${min} 个字`,
  'name-too-long': ({ length, max }) => `名称最多 ${max} 个字（现在 ${length} 个）`,
}

const unitName = z.string().transform((raw, ctx) => {
  const checked = checkUnitName(raw)
  if (checked.ok) return checked.name
  const { problem } = checked
  ctx.addIssue({ code: 'custom', message: NAME_PROBLEMS[problem.code]('params' in problem ? problem.params : {}) })
  return z.NEVER
})

/** Unit kinds and the starting roster from `unit-kinds.yml` and `units.yml`. */
export function loadRoster(configDir: string): Roster {
  const kinds = readYamlList(join(configDir, 'unit-kinds.yml'), z.string().min(1).max(15))
  const units = readYamlList(join(configDir, 'units.yml'), z.strictObject({ name: unitName, kind: z.string() }))
  const problems = [...kinds.problems, ...units.problems]
  units.entries.forEach((unit, index) => {
    if (!kinds.entries.includes(unit.kind)) problems.push(`units.yml 第 ${index + 1} 项（${unit.name}） 字段 kind：未知类型“${unit.kind}”，可选：${kinds.entries.join('、')}`)
  })
  const seen = new Map<string, string>()
  for (const unit of units.entries) {
    const key = unitNameKey(unit.name)
    const earlier = seen.get(key)
    if (earlier === unit.name) problems.push(`units.yml：单位“${unit.name}”重复`)
    else if (earlier !== undefined) problems.push(`units.yml：单位“${unit.name}”与“${earlier}”只差空格、全角半角或大小写，会被看成同一个单位`)
    else seen.set(key, unit.name)
  }
  if (problems.length) throw new DataFileError(problems)
  return { kinds: kinds.entries, units: units.entries }
}
