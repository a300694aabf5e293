import { LocalDate } from '../time/local-date'

export interface AnswerFact {
  date: LocalDate
  person: number
  correct: boolean
}

export interface UnitStanding {
  unitId: number
  name: string
  /** People of the unit: those who said they belong to it and its bound officers. */
  people: number
  answers: number
  correct: number
  /** Answers over people × days with a question: the average daily share who answered. */
  participation: number
  /** Right answers over answers. */
  accuracy: number
  /** Days in a row, up to the last day counted, on which someone of the unit answered. */
  streak: number
}

/**
 * Each unit's 参考率, 正确率 and streak over the given days (days whose results are out),
 * people counted in the unit they belong to now. Ranked by 参考率, then 正确率, then streak;
 * units with nobody in them last.
 */
export function standings(
  units: { id: number; name: string }[],
  people: Map<number, number>,
  answers: AnswerFact[],
  days: LocalDate[],
): UnitStanding[] {
  const sorted = [...days].sort()
  const counted = new Set(sorted)
  const rows = new Map<number, UnitStanding & { active: Set<LocalDate> }>()
  for (const unit of units) {
    rows.set(unit.id, { unitId: unit.id, name: unit.name, people: 0, answers: 0, correct: 0, participation: 0, accuracy: 0, streak: 0, active: new Set() })
  }
  for (const unitId of people.values()) {
    const row = rows.get(unitId)
    if (row) row.people++
  }
  for (const answer of answers) {
    const row = rows.get(people.get(answer.person) ?? -1)
    if (!row || !counted.has(answer.date)) continue
    row.answers++
    if (answer.correct) row.correct++
    row.active.add(answer.date)
  }
  const out: UnitStanding[] = []
  for (const { active, ...row } of rows.values()) {
    row.participation = row.people && sorted.length ? row.answers / (row.people * sorted.length) : 0
    row.accuracy = row.answers ? row.correct / row.answers : 0
    let streak = 0
    for (let i = sorted.length - 1; i >= 0 && active.has(sorted[i]); i--) streak++
    row.streak = streak
    out.push(row)
  }
  return out.sort((a, b) => Number(!a.people) - Number(!b.people)
    || b.participation - a.participation
    || b.accuracy - a.accuracy
    || b.streak - a.streak
    || a.name.localeCompare(b.name, 'zh-CN'))
}

/** A share as a whole percentage, as the ranking shows it. */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`
}
