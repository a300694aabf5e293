import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { parse, YAMLParseError } from 'yaml'
import { z } from 'zod'

// Maintainers read these messages, so zod speaks Chinese.
z.config(z.locales.zhCN())

/** A data-file problem that names the file, the entry and the field, so a maintainer can fix it. */
export class DataFileError extends Error {
  constructor(public readonly problems: string[]) {
    super(problems.join('\n'))
    this.name = 'DataFileError'
  }
}

function entryLabel(raw: unknown, index: number): string {
  const id = raw && typeof raw === 'object' && 'id' in raw ? (raw as { id: unknown }).id : undefined
  if (typeof id === 'string') return `第 ${index + 1} 项（id: ${id}）`
  // Entries keyed by year (holidays.yml).
  const year = raw && typeof raw === 'object' && 'year' in raw ? (raw as { year: unknown }).year : undefined
  return typeof year === 'number' ? `第 ${index + 1} 项（year: ${year}）` : `第 ${index + 1} 项`
}

function valueAt(value: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>((current, key) => current == null ? undefined : (current as Record<PropertyKey, unknown>)[key], value)
}

function fieldPath(path: PropertyKey[]): string {
  return path.length ? path.map(String).join('.') : '（整项）'
}

/**
 * Reads a YAML file holding an array and validates each entry with `schema`: the valid
 * entries, and a problem line for each invalid field.
 */
export function readYamlList<S extends z.ZodType>(file: string, schema: S): { entries: z.output<S>[]; problems: string[] } {
  const name = basename(file)
  let raw: unknown
  try {
    raw = parse(readFileSync(file, 'utf8'))
  } catch (error) {
    const reason = error instanceof YAMLParseError ? 'YAML 格式错误' : '无法读取'
    return { entries: [], problems: [`${name}: ${reason}：${(error as Error).message}`] }
  }
  if (raw == null) return { entries: [], problems: [] }
  if (!Array.isArray(raw)) return { entries: [], problems: [`${name}: 顶层应为列表（每项以“- ”开头）`] }
  const problems: string[] = []
  const result: z.output<S>[] = []
  raw.forEach((entry, index) => {
    const parsed = schema.safeParse(entry)
    if (parsed.success) {
      result.push(parsed.data)
      return
    }
    for (const issue of parsed.error.issues) {
      const missing = issue.code === 'invalid_type' && valueAt(entry, issue.path) === undefined
      problems.push(`${name} ${entryLabel(entry, index)} 字段 ${fieldPath(issue.path)}：${missing ? '缺少此字段' : issue.message}`)
    }
  })
  return { entries: result, problems }
}
