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
  return typeof id === 'string' ? `第 ${index + 1} 项（id: ${id}）` : `第 ${index + 1} 项`
}

function fieldPath(path: PropertyKey[]): string {
  return path.length ? path.map(String).join('.') : '（整项）'
}

/**
 * Reads a YAML file holding an array and validates each entry with `schema`.
 * All problems of the file are collected before throwing.
 */
export function loadYamlList<S extends z.ZodType>(file: string, schema: S): z.output<S>[] {
  const name = basename(file)
  let raw: unknown
  try {
    raw = parse(readFileSync(file, 'utf8'))
  } catch (error) {
    if (error instanceof YAMLParseError) throw new DataFileError([`${name}: YAML 格式错误：${error.message}`])
    throw new DataFileError([`${name}: 无法读取：${(error as Error).message}`])
  }
  if (raw == null) return []
  if (!Array.isArray(raw)) throw new DataFileError([`${name}: 顶层应为列表（每项以“- ”开头）`])
  const problems: string[] = []
  const result: z.output<S>[] = []
  raw.forEach((entry, index) => {
    const parsed = schema.safeParse(entry)
    if (parsed.success) {
      result.push(parsed.data)
      return
    }
    for (const issue of parsed.error.issues) {
      problems.push(`${name} ${entryLabel(entry, index)} 字段 ${fieldPath(issue.path)}：${issue.message}`)
    }
  })
  if (problems.length) throw new DataFileError(problems)
  return result
}
