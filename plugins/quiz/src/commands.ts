import { Context, Session } from 'koishi'
import { UnknownUnit } from '../../reports/src/service'
import { isUniqueClash } from '../../../src/delivery/errors'
import { LETTERS, personalOrder, readAnswer } from '../../../src/quiz/answer'
import { isJudge } from '../../../src/quiz/question'
import { lastClosedDate, phaseOf, weekDates, weekStart } from '../../../src/quiz/schedule'
import { percent } from '../../../src/quiz/standings'
import { LocalDate, parseDate } from '../../../src/time/local-date'
import { shanghaiDate } from '../../../src/time/shanghai'
import { QuizRenderer } from './render'

type Asker = Session<'id'>

export function registerCommands(ctx: Context) {
  const quiz = ctx.pufaQuiz
  const renderer = (session: Session) => new QuizRenderer(ctx, quiz.times, session.locales)

  /** Why the day's question cannot be answered now, if it cannot. */
  function closedReason(session: Session, date: LocalDate, now: Date) {
    const phase = phaseOf(quiz.times, date, now)
    if (phase === 'open') return
    return session.text(phase === 'before' ? 'pufa-quiz.not-yet' : 'pufa-quiz.closed', renderer(session).window)
  }

  /** A hint to say one's unit, for someone not in any. */
  async function unitHint(session: Asker) {
    const people = await quiz.people()
    return people.has(session.user!.id) ? [] : [session.text('pufa-quiz.unit-hint')]
  }

  // No declared argument: Koishi stops looking for a subcommand (答题 单位) after a command
  // that takes arguments, so the answer is read from the words left over.
  ctx.command('答题')
    .alias('答')
    .userFields(['id'])
    .action(async ({ session, args }) => {
      const asker = session as Asker
      const typed = args?.join(' ')
      const now = new Date()
      const date = shanghaiDate(now)
      const reason = closedReason(asker, date, now)
      if (reason) return reason
      const question = await quiz.question(date)
      if (!question) return asker.text('.no-question')
      const person = String(asker.user!.id)
      const render = renderer(asker)
      const order = personalOrder(question, person)
      if (!typed?.trim()) return render.personal(question, order)
      const choice = readAnswer(question, person, typed)
      if (choice === undefined) {
        if (isJudge(question)) return asker.text('.bad-judge', [typed.trim()])
        return asker.text('.bad-choice', [typed.trim(), LETTERS.slice(0, order.length).split('').join('、')])
      }
      try {
        await ctx.database.create('pufa_quiz_answer', {
          date,
          questionId: question.id,
          aid: asker.user!.id,
          choice,
          correct: choice === question.answer,
          platform: asker.platform,
          userId: asker.userId!,
          channelId: asker.isDirect ? '' : asker.channelId!,
          at: now,
        })
      } catch (error) {
        if (isUniqueClash(error)) return asker.text('.already', render.window)
        throw error
      }
      // In a group the reply says only that it is recorded: the choice is nobody else's business.
      const recorded = asker.isDirect
        ? asker.text('.recorded-private', { ...render.window, choice: isJudge(question) ? question.options[choice] : render.option(question, choice) })
        : asker.text('.recorded', render.window)
      return [recorded, ...await unitHint(asker)].join('\n')
    })

  ctx.command('答题.单位 <name:text>')
    .userFields(['id'])
    .action(async ({ session }, name) => {
      const asker = session as Asker
      if (!name?.trim()) return asker.text('.missing')
      const [officer] = await ctx.database.get('pufa_officer', { aid: asker.user!.id })
      if (officer) return asker.text('.officer', [await ctx.pufaReports.unitName(officer.unitId)])
      const unit = await ctx.pufaReports.findUnit(name)
      if (unit instanceof UnknownUnit) {
        // The suggestion comes as a phrase (，是不是“X”？): the reply wants the name alone.
        const suggested = /“(.+)”/.exec(unit.suggestion)?.[1]
        return asker.text(suggested ? '.unknown-suggest' : '.unknown', [name.trim(), suggested])
      }
      const [existing] = await ctx.database.get('pufa_quiz_member', { aid: asker.user!.id })
      if (existing?.unitId === unit.id) return asker.text('.same', [unit.name])
      await ctx.database.upsert('pufa_quiz_member', [{
        aid: asker.user!.id,
        unitId: unit.id,
        platform: asker.platform,
        userId: asker.userId!,
        channelId: asker.isDirect ? '' : asker.channelId!,
        at: new Date(),
      }])
      return asker.text(existing ? '.changed' : '.done', [unit.name])
    })

  /** The week of the latest day whose results are out, up to that day. */
  function rankingDates(now: Date) {
    const last = lastClosedDate(quiz.times, now)
    return weekDates(weekStart(last)).filter(date => date <= last)
  }

  async function ranking(session: Session, header: string, empty: string, only?: Parameters<typeof quiz.standings>[1]) {
    const dates = rankingDates(new Date())
    const { days, rows } = await quiz.standings(dates, only)
    if (!rows.some(row => row.people)) return session.text(empty)
    return [
      session.text(header, { start: dates[0], end: dates[dates.length - 1], days: days.length }),
      renderer(session).ranking(rows, quiz.config.rankingLines),
      session.text('pufa-quiz.ranking.how'),
    ].join('\n')
  }

  ctx.command('答题.排行')
    .check(ctx.pufaRoles.groupOnly)
    .action(({ session }) => ranking(session!, '.header', '.empty', people => quiz.groupUnits({ platform: session!.platform, channelId: session!.channelId! }, people)))

  ctx.pufaRoles.adminCommand(ctx.command('答题.总排行'))
    .action(({ session }) => ranking(session!, '.header', '.empty'))

  ctx.command('答题.结果 [date:string]')
    .userFields(['id'])
    .action(async ({ session }, text) => {
      const asker = session as Asker
      const now = new Date()
      let date = lastClosedDate(quiz.times, now)
      if (text) {
        const parsed = parseDate(text.trim())
        if (!parsed) return asker.text('.bad-date', [text])
        date = parsed
      }
      if (phaseOf(quiz.times, date, now) !== 'closed') return asker.text('.not-closed', { date, ...renderer(asker).window })
      const question = await quiz.question(date, false)
      if (!question) return asker.text('.none', [date])
      const answers = await ctx.database.get('pufa_quiz_answer', { date }, ['aid', 'choice', 'correct'])
      const right = answers.filter(a => a.correct).length
      const render = renderer(asker)
      const lines = [asker.text('.header', [date]), render.stem(question), render.explanation(question)]
      lines.push(asker.text('.counts', { answered: answers.length, right, rate: answers.length ? percent(right / answers.length) : '—' }))
      const mine = answers.find(a => a.aid === asker.user!.id)
      if (mine) lines.push(asker.text(mine.correct ? '.mine-right' : '.mine-wrong', [render.option(question, mine.choice)]))
      return lines.join('\n')
    })
}
