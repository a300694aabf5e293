/**
 * Content tool for the people who maintain the tip library.
 *
 *   npm run content -- check [--laws DIR] [--config DIR]
 *   npm run content -- export --format json|csv [--out FILE] [--config DIR]
 */
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { stringify } from 'csv-stringify/sync'
import { DataFileError } from '../data-file'
import { checkCitations } from '../content/check'
import { coverageProblems } from '../content/coverage'
import { CSV_COLUMNS, exportRows } from '../content/export'
import { Library, loadLibrary } from '../content/library'
import { buildBank } from '../quiz/bank'
import { checkQuestion, checkQuizAgainstStatutes } from '../quiz/check'

const USAGE = `用法：npm run content -- <子命令> [选项]

子命令：
  check [--laws 目录]          校验内容库和每日一题；给出法律文本目录时逐条核对条号、引文和题目答案
  export --format json|csv     把全部每日一法和节点内容导出，供审阅

选项：
  --out 文件            导出到文件（不写时输出到标准输出；npm run 会在标准输出前加一行命令说明，所以存文件请用 --out）
  --config 目录         内容所在目录（默认 config）`

/** The library, or undefined after printing what is wrong with it. */
function load(configDir: string): Library | undefined {
  try {
    return loadLibrary(configDir)
  } catch (error) {
    if (!(error instanceof DataFileError)) throw error
    for (const problem of error.problems) console.error(problem)
    console.error(`\n内容库有 ${error.problems.length} 处问题。`)
  }
}

function check(configDir: string, lawsDir?: string): number {
  const library = load(configDir)
  if (!library) return 1
  const counts = `${library.tips.length} 条每日一法，${library.items.length} 条节点内容，${library.calendar.entries.length} 个日历节点`
  const gaps = coverageProblems(library)
  if (gaps.length) {
    for (const gap of gaps) console.error(gap)
    console.error(`\n有 ${gaps.length} 处节点缺少内容。`)
    return 1
  }
  const bank = buildBank(library)
  const quizCount = `${bank.length} 道每日一题`
  const quizProblems = bank.flatMap(question => checkQuestion(question, library))
  if (lawsDir) quizProblems.push(...checkQuizAgainstStatutes(bank, library, resolve(lawsDir)))
  for (const problem of quizProblems) console.error(`每日一题 ${problem.id}：${problem.message}`)
  if (!lawsDir) {
    if (quizProblems.length) {
      console.error(`\n每日一题有 ${quizProblems.length} 处问题。`)
      return 1
    }
    console.log(`格式与交叉引用检查通过：${counts}，${quizCount}。（加 --laws <目录> 可核对条号和引文）`)
    return 0
  }
  const problems = checkCitations(library, resolve(lawsDir))
  for (const problem of problems) {
    console.error(`${problem.file} id: ${problem.id}：${problem.message}`)
    if (problem.expected) console.error(`  原文：${problem.expected}`)
  }
  if (problems.length || quizProblems.length) {
    console.error(`\n引用核对发现 ${problems.length + quizProblems.length} 处问题。`)
    return 1
  }
  console.log(`检查通过：${counts}，${quizCount}；条号、引文与题目答案均与官方文本一致。`)
  return 0
}

function exportLibrary(configDir: string, format?: string, out?: string): number {
  if (format !== 'json' && format !== 'csv') {
    console.error(`请用 --format json 或 --format csv 指定导出格式。\n\n${USAGE}`)
    return 1
  }
  const library = load(configDir)
  if (!library) return 1
  const rows = exportRows(library)
  const text = format === 'json'
    ? JSON.stringify(rows, null, 2) + '\n'
    // A byte-order mark so spreadsheet programs open the Chinese text as UTF-8.
    : '\uFEFF' + stringify(rows.map(row => CSV_COLUMNS.map(([key]) => {
      const value = row[key]
      return Array.isArray(value) ? value.join('、') : value
    })), { header: true, columns: CSV_COLUMNS.map(([, heading]) => heading), record_delimiter: 'windows' })
  if (!out) {
    process.stdout.write(text)
    return 0
  }
  writeFileSync(out, text)
  console.log(`已导出 ${rows.length} 条到 ${out}`)
  return 0
}

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      laws: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      config: { type: 'string', default: 'config' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const [command] = positionals
  if (values.help || !command) {
    console.log(USAGE)
    return command || values.help ? 0 : 1
  }
  if (command === 'check') return check(resolve(values.config!), values.laws)
  if (command === 'export') return exportLibrary(resolve(values.config!), values.format, values.out)
  console.error(`未知子命令：${command}\n\n${USAGE}`)
  return 1
}

process.exitCode = main(process.argv.slice(2))
