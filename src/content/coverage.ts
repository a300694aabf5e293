import { Library } from './library'

/**
 * Calendar entries the library says nothing about: each needs at least one key-date item
 * to push on the day and one tip tagged with it (`keyDates`) for the week before.
 */
export function coverageProblems(library: Library): string[] {
  const problems: string[] = []
  for (const entry of library.calendar.entries) {
    if (!library.items.some(item => item.entry === entry.id)) {
      problems.push(`calendar.yml id: ${entry.id}：${entry.name}没有节点内容，请在 items/*.yml 里加一条 entry: ${entry.id}`)
    }
    if (!library.tips.some(tip => tip.keyDates.includes(entry.id))) {
      problems.push(`calendar.yml id: ${entry.id}：没有每日一法标注${entry.name}，请在相关每日一法的 keyDates 里加上 ${entry.id}`)
    }
  }
  return problems
}
