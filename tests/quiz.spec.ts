import { afterEach, describe, expect, it, vi } from 'vitest'
import { pickTip } from '../src/content/rotation'
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
  it('is not sent early by 推送 立即, which says why, and goes out at its time once', async () => {
    vi.useFakeTimers()
    const t = await start('2026-12-08 08:00')
    await t.admin('g1').receive('订阅 -t 08:30 --no-dates --quiz')
    expect(await t.admin('g1').receive('推送 立即')).toEqual([
      '已发出今天的 1 条推送。\n每日一题不在作答时间内（出题前或截止后），这 1 条按时推送，不提前也不补发。',
    ])
    expect(quizPushes(t, 'g1')).toEqual([])
    await runUntil('2026-12-08 09:01')
    expect(quizPushes(t, 'g1')).toHaveLength(1)
  })

  it('never rests on the tip the group gets that morning, which would give the answer away', async () => {
    vi.useFakeTimers()
    const t = await start('2026-12-08 08:00')
    const date = '2026-12-08'
    const quizTip = (await t.app.pufaQuiz.tipOfDay(date))!
    // A group whose rotation, left to itself, would pick exactly that tip today.
    const library = t.app.pufaContent.library
    const channel = Array.from({ length: 20_000 }, (_, i) => `g${i}`)
      .find(id => pickTip(library, date, [], `mock:${id}`)?.tip.id === quizTip)!
    expect(channel).toBeDefined()
    await t.admin(channel).receive('订阅 -t 08:30 --no-dates --quiz')
    await runUntil('2026-12-08 09:01')
    const picks = await t.app.database.get('pufa_tip_pick', { channelId: channel })
    expect(picks).toEqual([expect.objectContaining({ date, tipId: expect.any(String) })])
    expect(picks[0].tipId).not.toBe(quizTip)
    expect(t.bot.to(channel).filter(text => text.startsWith('【每日一法】'))).toHaveLength(1)
    expect(quizPushes(t, channel)).toHaveLength(1)
    expect((await t.app.pufaQuiz.question(date, false))!.id).toBe(quizTip)
  })

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
    const caughtUp = await restartAt('2026-12-09 10:15')
    await vi.advanceTimersByTimeAsync(0)
    expect(quizPushes(caughtUp, 'g1')).toHaveLength(1)
    expect(caughtUp.bot.to('g2')).toHaveLength(1) // its tip, caught up too
    t = await restartAt('2026-12-09 10:16')
    await runUntil('2026-12-09 12:00')
    expect(t.bot.outbox).toEqual([])
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

describe('answers', () => {
  it('are taken only while the question is open, once per person, however many answer at once', async () => {
    vi.useFakeTimers()
    const t = await start('2026-12-08 08:59')
    expect(await t.client('u1', 'g1').receive('答题 A')).toEqual(['今天的题目 09:00 发布，发布后才能作答。'])
    vi.setSystemTime(at('2026-12-08 09:00'))
    const question = (await t.app.pufaQuiz.question('2026-12-08'))!
    expect(await t.client('u1', 'g1').receive(`答题 ${typed(question, true)}`)).toEqual([`${RECORDED}\n${UNIT_HINT}`])
    expect(await t.client('u1', 'g1').receive(`答题 ${typed(question, false)}`)).toEqual(['你今天已经答过了，每题只能答一次。22:00 截止后发「答题 结果」看答案。'])
    expect(await t.client('u1').receive(`答 ${typed(question, false)}`)).toEqual(['你今天已经答过了，每题只能答一次。22:00 截止后发「答题 结果」看答案。'])

    // Forty people at the same moment, one of them twice.
    const people = Array.from({ length: 40 }, (_, i) => `p${i}`)
    const replies = await Promise.all([
      ...people.map((id, i) => t.client(id, 'g1').receive(`答题 ${typed(question, i % 3 !== 0)}`)),
      t.client('p0', 'g1').receive(`答题 ${typed(question, true)}`),
    ])
    const recorded = replies.filter(reply => reply[0] === `${RECORDED}\n${UNIT_HINT}`)
    expect(recorded).toHaveLength(40)
    expect(replies.filter(reply => reply[0].startsWith('你今天已经答过了'))).toHaveLength(1)
    const rows = await t.app.database.get('pufa_quiz_answer', {})
    expect(rows).toHaveLength(41)
    expect(new Set(rows.map(row => row.aid)).size).toBe(41)

    vi.setSystemTime(at('2026-12-08 22:00'))
    expect(await t.client('late', 'g1').receive(`答题 ${typed(question, true)}`)).toEqual(['今天的答题已于 22:00 截止，发「答题 结果」看答案和依据，明天 09:00 再来。'])
    expect(await t.app.database.get('pufa_quiz_answer', {})).toHaveLength(41)
  })

  it('say what is wrong with an answer that names no option, and record nothing', async () => {
    vi.useFakeTimers()
    const t = await start('2026-12-08 10:00')
    const question = (await t.app.pufaQuiz.question('2026-12-08'))!
    const expected = question.options.length === 2
      ? '“E”不是对错判断，请发「答题 对」或「答题 错」。'
      : '没有“E”这个选项，请回复 A、B、C、D 中的一个，例如「答题 A」；发「答题」可再看题目和选项。'
    expect(await t.client('u1', 'g1').receive('答题 E')).toEqual([expected])
    expect(await t.app.database.get('pufa_quiz_answer', {})).toEqual([])
  })
})

describe('before the results', () => {
  it('no one sees the right answer or anyone’s choice; after 22:00 everyone does', async () => {
    vi.useFakeTimers()
    const t = await start('2026-12-08 09:30')
    const question = (await t.app.pufaQuiz.question('2026-12-08'))!
    const [shown] = await t.client('u1', 'g1').receive('答题')
    expect(shown).toContain(`“${question.text}”`)
    expect(shown).not.toMatch(/正确答案|依据|答对/)
    expect(await t.client('u1', 'g1').receive('答题')).toEqual([shown]) // the same letters when asked again
    if (question.options.length > 2) {
      const letter = shown.split('\n').find(line => line.endsWith(`. ${shownOption(question)}`))![0]
      expect(await t.client('u1', 'g1').receive(`答题 ${letter}`)).toEqual([`${RECORDED}\n${UNIT_HINT}`])
    } else {
      expect(await t.client('u1', 'g1').receive(`答题 ${typed(question, true)}`)).toEqual([`${RECORDED}\n${UNIT_HINT}`])
    }
    // Only a private answer is echoed, to the person who gave it.
    expect(await t.client('u2').receive(`答题 ${typed(question, false)}`)).toEqual([
      `已记录你的答案：${shownOption(question, (question.answer + 1) % question.options.length)}。22:00 截止后发「答题 结果」看答案。\n${UNIT_HINT}`,
    ])
    expect(await t.client('u3', 'g1').receive('答题 结果 2026-12-08')).toEqual(['2026-12-08 的答题还没有截止，22:00 截止后公布答案。'])
    expect(await t.client('u3', 'g1').receive('答题 结果')).toEqual(['2026-12-07 没有出题。'])

    vi.setSystemTime(at('2026-12-08 22:00'))
    const [result] = await t.client('u1', 'g1').receive('答题 结果')
    const lines = result.split('\n')
    expect(lines[0]).toBe('2026-12-08 每日一题答案：')
    expect(lines.slice(-4)).toEqual([
      `正确答案：${shownOption(question)}`,
      `📖 依据：《${question.law}》${question.article}：“${question.quote}”`,
      '共 2 人作答，答对 1 人（50%）。',
      `你的答案：${shownOption(question)}，答对了。`,
    ])
  })
})

interface Sent { day: string; person: string; right: boolean }

/** The ranking lines worked out here from the answers sent and who is in which unit. */
function expectedRanking(units: string[], people: Record<string, string>, sent: Sent[], days: string[]) {
  const rows = units.map((name) => {
    const members = Object.keys(people).filter(person => people[person] === name)
    const mine = sent.filter(answer => members.includes(answer.person) && days.includes(answer.day))
    const right = mine.filter(answer => answer.right).length
    let streak = 0
    for (const day of [...days].reverse()) {
      if (!mine.some(answer => answer.day === day)) break
      streak++
    }
    const participation = members.length ? mine.length / (members.length * days.length) : 0
    return { name, people: members.length, answers: mine.length, participation, accuracy: mine.length ? right / mine.length : 0, streak }
  }).filter(row => row.people)
  rows.sort((a, b) => b.participation - a.participation || b.accuracy - a.accuracy || b.streak - a.streak || a.name.localeCompare(b.name, 'zh-CN'))
  const pct = (x: number) => `${Math.round(x * 100)}%`
  return rows.map((row, i) => `${i + 1}. ${row.name}：参考率 ${pct(row.participation)}，正确率 ${row.answers ? pct(row.accuracy) : '—'}，连续参与 ${row.streak} 天（${row.people} 人）`)
}

const HOW = '参考率 = 单位人员作答人次 ÷（单位人数 × 出题天数）；正确率 = 答对人次 ÷ 作答人次；只统计已公布答案的题目。'

/** Each day's answers: who, where (a group or privately), right or not. */
const PLAN: { day: string; answers: [person: string, channel: string | undefined, right: boolean][] }[] = [
  { day: '2026-12-07', answers: [['o1', 'g1', true], ['a1', 'g1', true], ['a2', 'g1', false], ['b1', 'g1', true], ['c1', 'g2', false]] },
  { day: '2026-12-08', answers: [['a1', 'g1', true], ['b1', 'g1', false], ['b2', 'g1', true], ['b3', undefined, true], ['c1', 'g2', true]] },
  { day: '2026-12-09', answers: [['o1', 'g1', false], ['a2', undefined, true], ['b1', 'g1', true], ['x1', 'g1', true], ['c1', 'g2', true]] },
]

/** Who says which unit they are in, and where. */
const MEMBERS: [person: string, unit: string, channel: string | undefined][] = [
  ['a1', '城关镇', 'g1'], ['a2', '城关镇', 'g1'],
  ['b1', '东城街道', 'g1'], ['b2', '东城街道', 'g1'], ['b3', '东城街道', undefined],
  ['c1', '河口乡', 'g2'], ['d1', '县教育局', undefined],
]

/** Members register, o1 is bound as 城关镇's officer, and everyone answers as PLAN says. */
async function answerAsPlanned(t: TestBot) {
  await bindOfficer(t, 'o1', '城关镇', 'g1')
  for (const [person, unit, channel] of MEMBERS) {
    expect(await t.client(person, channel).receive(`答题 单位 ${unit}`)).toEqual([`已登记：你是${unit}的成员，今后答题计入${unit}。`])
  }
  const sent: Sent[] = []
  for (const { day, answers } of PLAN) {
    vi.setSystemTime(at(`${day} 10:00`))
    const question = (await t.app.pufaQuiz.question(day))!
    for (const [person, channel, right] of answers) {
      const [reply] = await t.client(person, channel).receive(`答题 ${typed(question, right)}`)
      expect(reply).toMatch(/^已记录你的答案/)
      sent.push({ day, person, right })
    }
  }
  const people = Object.fromEntries([['o1', '城关镇'], ...MEMBERS.map(([person, unit]) => [person, unit])])
  return { sent, people }
}

describe('unit rankings', () => {
  it('equal a count of the answers sent, county-wide for admins and per group', async () => {
    vi.useFakeTimers()
    const t = await start('2026-12-07 08:00')
    const { sent, people } = await answerAsPlanned(t)
    expect(await t.client('o1', 'g1').receive('答题 单位 东城街道')).toEqual(['你是城关镇的联络员，已自动计入城关镇，无需登记。'])
    expect(await t.client('z1', 'g1').receive('答题 单位 城关')).toEqual(['没有找到单位“城关”，是不是“城关镇”？请发「答题 单位 城关镇」。'])
    expect(await t.client('a1', 'g1').receive('答题 单位 城关镇')).toEqual(['你已登记为城关镇的成员，无需重复登记。'])

    vi.setSystemTime(at('2026-12-09 22:00'))
    const days = PLAN.map(p => p.day)
    const units = (await t.app.database.get('pufa_unit', { active: true })).map(unit => unit.name)
    const unstaffed = units.filter(name => !Object.values(people).includes(name)).length
    expect(await t.admin('g1').receive('答题 总排行')).toEqual([[
      '全县单位答题排行（2026-12-07 至 2026-12-09，已公布 3 天）：',
      ...expectedRanking(units, people, sent, days),
      `（另有 ${unstaffed} 个单位还没有人登记）`,
      HOW,
    ].join('\n')])
    // In g1: the units of those who said their unit or answered there.
    expect(await t.client('a1', 'g1').receive('答题 排行')).toEqual([[
      '本群单位答题排行（2026-12-07 至 2026-12-09，已公布 3 天）：',
      ...expectedRanking(['城关镇', '东城街道'], people, sent, days),
      HOW,
    ].join('\n')])
    expect(await t.client('a1', 'g1').receive('答题 总排行')).toEqual([expect.stringMatching(/^「答题 总排行」仅限管理员/)])
    expect(await t.client('a1').receive('答题 排行')).toEqual([expect.stringMatching(/^「答题 排行」/)])
  })

  it('leave out the day still open', async () => {
    vi.useFakeTimers()
    const t = await start('2026-12-07 08:00')
    const { sent, people } = await answerAsPlanned(t)
    vi.setSystemTime(at('2026-12-09 21:59'))
    expect(await t.client('a1', 'g1').receive('答题 排行')).toEqual([[
      '本群单位答题排行（2026-12-07 至 2026-12-08，已公布 2 天）：',
      ...expectedRanking(['城关镇', '东城街道'], people, sent, PLAN.slice(0, 2).map(p => p.day)),
      HOW,
    ].join('\n')])
  })
})

describe('weekly results', () => {
  it('are pushed once, on Monday, to the groups that opted in, across a restart', async () => {
    const { bot, restartAt } = await onFile('2026-12-06 20:00')
    await bot().admin('g1').receive('订阅 --no-tips --no-dates --quiz')
    await bot().admin('g2').receive('订阅 --no-tips --no-dates')
    const { sent, people } = await answerAsPlanned(bot())
    // The daily pushes of the rest of the week.
    for (const day of ['2026-12-10', '2026-12-11', '2026-12-12', '2026-12-13']) await visit(`${day} 08:59`, `${day} 09:01`)
    expect(quizPushes(bot(), 'g1')).toHaveLength(4)
    await visit('2026-12-14 08:58', '2026-12-14 09:01')
    const weekly = weeklyPushes(bot(), 'g1')
    expect(weekly).toEqual([[
      '【每日一题·上周排行】2026-12-07 至 2026-12-13，共出题 7 天',
      ...expectedRanking(['城关镇', '东城街道'], people, sent, ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-12', '2026-12-13']),
      '本周继续每天答题，截止后发「答题 结果」看答案。',
    ].join('\n')])
    const t = await restartAt('2026-12-14 09:02')
    await runUntil('2026-12-14 12:00')
    expect(weeklyPushes(t, 'g1')).toEqual([])
    expect(bot().bot.to('g2')).toEqual([])
    expect(bots[0].bot.to('g2')).toEqual([])
    const rows = await t.app.database.get('pufa_delivery', { kind: 'quiz-week' })
    expect(rows.map(row => [row.date, row.item, row.channelId, row.status])).toEqual([['2026-12-14', '2026-12-07', 'g1', 'sent']])
  })
})

describe('around the quiz', () => {
  it('推送 预览 shows the coming question without fixing it, and help names every command', async () => {
    vi.useFakeTimers()
    const t = await start('2026-12-07 20:00')
    await t.admin('g1').receive('订阅 --no-tips --no-dates --quiz')
    const [preview] = await t.admin('g1').receive('推送 预览 2026-12-08')
    expect(preview.split('\n').slice(0, 3)).toEqual(['本群 2026-12-08 的推送预览（08:30 推送）：', '——每日一题——', '【每日一题】2026-12-08'])
    expect(await t.app.database.get('pufa_quiz_day', {})).toEqual([])
    vi.setSystemTime(at('2026-12-08 09:00'))
    const question = (await t.app.pufaQuiz.question('2026-12-08'))!
    expect(preview).toContain(`“${question.text}”`)

    for (const command of ['答题', '答题 单位', '答题 结果', '答题 排行', '答题 总排行']) {
      const [reply] = await t.admin('g1').receive(`help ${command}`)
      expect(reply, command).toMatch(/\S/)
      expect(reply, command).not.toMatch(/commands\.|pufa-[a-z]+\./)
    }
  })
})
