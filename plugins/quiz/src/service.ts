import { Context, Service } from 'koishi'
import { isUniqueClash } from '../../../src/delivery/errors'
import { PlannedSlot } from '../../../src/delivery/plan'
import { Library } from '../../../src/content/library'
import { buildBank } from '../../../src/quiz/bank'
import { Question } from '../../../src/quiz/question'
import { questionFor, QuizTimes, weekDates } from '../../../src/quiz/schedule'
import { standings, UnitStanding } from '../../../src/quiz/standings'
import { LocalDate } from '../../../src/time/local-date'
import { Config, quizTimes } from './config'
import { QuizRenderer } from './render'

declare module 'koishi' {
  interface Context {
    pufaQuiz: PufaQuiz
  }
}

export interface Channel {
  platform: string
  channelId: string
}

/**
 * The question bank, the question of each date, who belongs to which unit, and the units'
 * standings; also composes the quiz's pushes for the push plugin's dispatcher.
 */
export class PufaQuiz extends Service {
  static inject = ['database', 'pufaContent']
  readonly times: QuizTimes
  private built?: { library: Library; bank: Question[] }

  constructor(ctx: Context, public config: Config) {
    super(ctx, 'pufaQuiz')
    this.times = quizTimes(config)
  }

  /** The bank of the library as loaded now; built again when the content is reloaded. */
  get bank(): Question[] {
    const library = this.ctx.pufaContent.library
    if (this.built?.library !== library) this.built = { library, bank: buildBank(library) }
    return this.built.bank
  }

  /** A date's question: as recorded, or chosen and recorded now unless `choose` is off. */
  async question(date: LocalDate, choose = true): Promise<Question | undefined> {
    const [day] = await this.ctx.database.get('pufa_quiz_day', { date })
    if (day) return this.bank.find(q => q.id === day.questionId)
    if (!choose) return
    const question = questionFor(this.bank, date)
    if (!question) return
    try {
      await this.ctx.database.create('pufa_quiz_day', { date, questionId: question.id, createdAt: new Date() })
      return question
    } catch (error) {
      // Another instance or a simultaneous answer chose it first: theirs stands.
      if (!isUniqueClash(error)) throw error
      return this.question(date, false)
    }
  }

  /**
   * The tip a date's question rests on (a question's id is its tip's), recorded or as it
   * will be chosen. The daily tip keeps clear of it, or the morning's tip would answer it.
   */
  async tipOfDay(date: LocalDate): Promise<string | undefined> {
    return (await this.question(date, false) ?? questionFor(this.bank, date))?.id
  }

  /** Every person in a unit, by Koishi user id: bound officers, then those who said so. */
  async people(): Promise<Map<number, number>> {
    const [members, officers] = await Promise.all([
      this.ctx.database.get('pufa_quiz_member', {}, ['aid', 'unitId']),
      this.ctx.database.get('pufa_officer', {}, ['aid', 'unitId']),
    ])
    const people = new Map(members.map(m => [m.aid, m.unitId]))
    for (const officer of officers) people.set(officer.aid, officer.unitId)
    return people
  }

  /** Units with people in a group: who said their unit there, or answered there. */
  async groupUnits({ platform, channelId }: Channel, people: Map<number, number>): Promise<Set<number>> {
    const [members, answers] = await Promise.all([
      this.ctx.database.get('pufa_quiz_member', { platform, channelId }, ['aid']),
      this.ctx.database.get('pufa_quiz_answer', { platform, channelId }, ['aid']),
    ])
    const units = new Set<number>()
    for (const { aid } of [...members, ...answers]) {
      const unitId = people.get(aid)
      if (unitId !== undefined) units.add(unitId)
    }
    return units
  }

  /** Dates among `dates` that had a question. */
  async questionDays(dates: LocalDate[]): Promise<LocalDate[]> {
    const rows = await this.ctx.database.get('pufa_quiz_day', { date: dates }, ['date'])
    return rows.map(row => row.date).sort()
  }

  /** Active units' standings over `dates` (days whose results are out), optionally only some units. */
  async standings(dates: LocalDate[], only?: (people: Map<number, number>) => Promise<Set<number>>) {
    const people = await this.people()
    const days = await this.questionDays(dates)
    const [units, answers] = await Promise.all([
      this.ctx.database.get('pufa_unit', { active: true }, ['id', 'name']),
      days.length ? this.ctx.database.get('pufa_quiz_answer', { date: days }, ['date', 'aid', 'correct']) : [],
    ])
    const wanted = only && await only(people)
    const shown = wanted ? units.filter(unit => wanted.has(unit.id)) : units
    const rows: UnitStanding[] = standings(shown, people, answers.map(a => ({ date: a.date, person: a.aid, correct: a.correct })), days)
    return { days, rows }
  }

  /**
   * A quiz slot's message for a group, for the push dispatcher; undefined when there is
   * nothing to send. A preview (`choose` off) fixes no question: it shows the one recorded
   * for the date, or the one the rotation would choose.
   */
  async compose(slot: Pick<PlannedSlot, 'kind' | 'item'>, date: LocalDate, channel: Channel, choose = true) {
    const render = new QuizRenderer(this.ctx, this.times)
    if (slot.kind === 'quiz') {
      const question = choose ? await this.question(date) : await this.question(date, false) ?? questionFor(this.bank, date)
      return question && { content: question.id, text: render.push(question, date) }
    }
    const week = weekDates(slot.item)
    const { days, rows } = await this.standings(week, people => this.groupUnits(channel, people))
    const lines = [render.text('weekly.header', { start: week[0], end: week[6], days: days.length })]
    lines.push(rows.some(row => row.people) ? render.ranking(rows, this.config.rankingLines) : render.text('weekly.none'))
    lines.push(render.text('weekly.footer'))
    return { content: slot.item, text: lines.join('\n') }
  }
}
