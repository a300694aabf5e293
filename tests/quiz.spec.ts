import { afterEach, describe, expect, it, vi } from 'vitest'
import { Question } from '../src/quiz/question'
import { at, createBot, TestBot } from './helpers/bot'
import { tempDatabase } from './helpers/db-dir'
import { bindOfficer } from './helpers/reports'

const bots: TestBot[] = []
const cleanups: (() => void)[] = []

async function start(now: string, options: Parameters<typeof createBot>[0] = {}) {
  vi.setSystemTime(at(now))
  const bot = await createBot(options)
  bots.push(bot)
  return bot
}

/** Runs the fake clock forward to a Shanghai time, firing every timer on the way. */
async function runUntil(local: string) {
  await vi.advanceTimersByTimeAsync(at(local).getTime() - Date.now())
}

/** Jumps to a Shanghai time and runs a few minutes from there. */
async function visit(from: string, until: string) {
  vi.setSystemTime(at(from))
  await runUntil(until)
}

/** A bot on a database file that outlives it; `restartAt` stops it and starts another on the file. */
async function onFile(now: string) {
  vi.useFakeTimers()
  const db = tempDatabase()
  cleanups.push(db.remove)
  let bot = await start(now, { file: db.file })
  return {
    bot: () => bot,
    async restartAt(when: string) {
      await bot.stop()
      bot = await start(when, { file: db.file })
      return bot
    },
  }
}

afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.dispose()
  for (const cleanup of cleanups.splice(0)) cleanup()
  vi.useRealTimers()
})

const QUIZ_LINE = '· 每日一题：开，每天 09:00 出题、22:00 截止并公布答案；每周一 09:00 推送上周排行'
const RECORDED = '已记录你的答案。22:00 截止后发「答题 结果」看答案。'
const UNIT_HINT = '你还没有登记所在单位：发「答题 单位 单位名」登记后，答题计入单位排行。'

const quizPushes = (t: TestBot, channelId: string) => t.bot.to(channelId).filter(text => text.startsWith('【每日一题】'))
const weeklyPushes = (t: TestBot, channelId: string) => t.bot.to(channelId).filter(text => text.startsWith('【每日一题·上周排行】'))

/** What a person types for the right or a wrong answer: the option itself. */
function typed(question: Question, right: boolean) {
  return question.options[right ? question.answer : (question.answer + 1) % question.options.length]
}

/** The text of the right option as replies show it. */
function shownOption(question: Question, index = question.answer) {
  return question.form === 'source' ? `《${question.options[index]}》` : question.options[index]
}

describe('the day’s question', () => {
  it('is pushed once to each opted-in group across a restart, and not to other groups', async () => {
    const { bot, restartAt } = await onFile('2026-12-08 08:00')
    const reply = await bot().admin('g1').receive('订阅 -t 08:30 --no-dates --quiz')
    expect(reply[0].split('\n').slice(0, 4)).toEqual([
      '已为本群订阅。', '· 推送时间：每天 08:30', '· 每日一法：开；节点内容：关；节点提醒：关', QUIZ_LINE,
    ])
    await bot().admin('g2').receive('订阅 -t 08:30 --no-dates')
    await runUntil('2026-12-08 08:59')
    expect(quizPushes(bot(), 'g1')).toEqual([])
    await runUntil('2026-12-08 09:01')
    const [pushed] = quizPushes(bot(), 'g1')
    const question = (await bot().app.pufaQuiz.question('2026-12-08'))!
    expect(pushed.split('\n')[0]).toBe('【每日一题】2026-12-08')
    expect(pushed).toContain(`“${question.text}”`)
    if (question.options.length > 2) for (const i of question.options.keys()) expect(pushed).toContain(`\n· ${shownOption(question, i)}\n`)
    expect(pushed).not.toMatch(/正确答案|依据/)
    expect(bot().bot.to('g1')).toHaveLength(2) // the tip and the question
    expect(bot().bot.to('g2')).toHaveLength(1) // the tip only

    // A restart later in the window sends nothing again.
    let t = await restartAt('2026-12-08 09:02')
    await runUntil('2026-12-08 21:00')
    expect(t.bot.outbox).toEqual([])

    // Down over the next day's 09:00: caught up once at the restart, still to g1 only.
    t = await restartAt('2026-12-09 10:15')
    await vi.advanceTimersByTimeAsync(0)
    t = await restartAt('2026-12-09 10:16')
    await runUntil('2026-12-09 12:00')
    expect(quizPushes(bots[bots.length - 2], 'g1')).toHaveLength(1)
    expect(quizPushes(t, 'g1')).toEqual([])
    const rows = await t.app.database.get('pufa_delivery', { kind: 'quiz' }, { sort: { id: 'asc' } })
    expect(rows.map(row => [row.date, row.channelId, row.attempt, row.status])).toEqual([
      ['2026-12-08', 'g1', 1, 'sent'],
      ['2026-12-09', 'g1', 1, 'sent'],
    ])
    expect(rows[0].content).toBe(question.id)
  })

  it('is off for a group until it opts in, and can be turned off again', async () => {
    vi.useFakeTimers()
    const t = await start('2026-12-08 08:00')
    await t.admin('g1').receive('订阅 --no-dates --no-tips')
    await runUntil('2026-12-08 09:01')
    expect(t.bot.to('g1')).toEqual([])
    expect((await t.admin('g1').receive('订阅 --quiz'))[0]).toContain(QUIZ_LINE)
    expect((await t.admin('g1').receive('订阅 --no-quiz'))[0]).not.toContain('每日一题')
    await visit('2026-12-09 08:59', '2026-12-09 09:05')
    expect(quizPushes(t, 'g1')).toEqual([])
  })
})
