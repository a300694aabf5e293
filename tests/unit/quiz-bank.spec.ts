import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadLibrary } from '../../src/content/library'
import { personalOrder, readAnswer } from '../../src/quiz/answer'
import { buildBank } from '../../src/quiz/bank'
import { checkQuestion, checkQuizAgainstStatutes } from '../../src/quiz/check'
import { questionFor } from '../../src/quiz/schedule'
import { percent, standings } from '../../src/quiz/standings'
import { addDays } from '../../src/time/local-date'

const library = loadLibrary(resolve(__dirname, '../../config'))
const bank = buildBank(library)
const LAWS = resolve(__dirname, '../../../shared/laws')

describe('the question bank', () => {
  it('has one question per quoted tip, each resting on its article', () => {
    expect(bank.length).toBe(library.tips.filter(tip => tip.quote).length)
    expect(new Set(bank.map(q => q.form))).toEqual(new Set(['blank', 'judge-blank', 'source', 'judge-source']))
    expect(bank.flatMap(q => checkQuestion(q, library))).toEqual([])
    expect(checkQuizAgainstStatutes(bank, library, LAWS)).toEqual([])
  })

  it('writes the right number as the article does, and blanks it', () => {
    const question = bank.find(q => q.id === 'admin-penalty-42-two-officers')!
    expect(question).toMatchObject({ form: 'blank', text: '执法人员不得少于（　　）人，法律另有规定的除外。', options: ['一', '两', '四', '六'], answer: 1 })
  })

  it('finds a question whose answer does not follow from its article', () => {
    const question = bank.find(q => q.form === 'blank')!
    expect(checkQuestion({ ...question, answer: (question.answer + 1) % 4 }, library)).toEqual([{ id: question.id, message: '正确答案与原文不符' }])
    const source = bank.find(q => q.form === 'source')!
    const wrong = source.options.findIndex(law => law !== source.law)
    expect(checkQuestion({ ...source, answer: wrong }, library)).toEqual([{ id: source.id, message: '正确答案与原文不符' }])
    const judge = bank.find(q => q.form === 'judge-source')!
    expect(checkQuestion({ ...judge, answer: 1 - judge.answer }, library)).toEqual([{ id: judge.id, message: '正确答案与原文不符' }])
    expect(checkQuestion({ ...question, quote: question.quote + '。' }, library)[0].message).toBe('解析不是每日一法核对过的原文')
  })

  it('finds a wrong option that the official article also holds', () => {
    const question = bank.find(q => q.form === 'blank')!
    const fills = [...question.fills]
    const wrong = (question.fact + 1) % fills.length
    fills[wrong] = fills[question.fact].slice(0, 6)
    expect(checkQuizAgainstStatutes([{ ...question, fills }], library, LAWS)).toEqual([{ id: question.id, message: `“${fills[wrong]}”也在原文中` }])
  })
})

describe('options per person', () => {
  const question = bank.find(q => q.form === 'blank')!

  it('are in an order of each person’s own, the same every time', () => {
    expect(personalOrder(question, '7')).toEqual(personalOrder(question, '7'))
    const orders = new Set(Array.from({ length: 20 }, (_, i) => personalOrder(question, String(i)).join()))
    expect(orders.size).toBeGreaterThan(1)
  })

  it('read a letter through the person’s order, or the option itself', () => {
    const order = personalOrder(question, '7')
    expect(readAnswer(question, '7', 'b')).toBe(order[1])
    expect(readAnswer(question, '7', question.options[2])).toBe(2)
    expect(readAnswer(question, '7', 'E')).toBeUndefined()
    const source = bank.find(q => q.form === 'source')!
    expect(readAnswer(source, '7', `《${source.options[3]}》`)).toBe(3)
    const judge = bank.find(q => q.form === 'judge-blank')!
    expect([readAnswer(judge, '7', '对'), readAnswer(judge, '7', '错误'), readAnswer(judge, '7', '×'), readAnswer(judge, '7', '也许')]).toEqual([0, 1, 1, undefined])
  })
})

describe('the question of the day', () => {
  it('goes through the whole bank before any question comes again', () => {
    const start = '2026-01-05'
    const ids = Array.from({ length: bank.length }, (_, i) => questionFor(bank, addDays(start, i))!.id)
    expect(new Set(ids).size).toBe(bank.length)
    expect(questionFor(bank, '2026-12-04')).toBe(questionFor(bank, '2026-12-04'))
  })
})

describe('unit standings', () => {
  it('count answers over people × days, right over answered, and days in a row', () => {
    const units = [{ id: 1, name: '甲司法所' }, { id: 2, name: '乙司法所' }, { id: 3, name: '丙司法所' }]
    const people = new Map([[10, 1], [11, 1], [20, 2]])
    const days = ['2026-11-30', '2026-12-01']
    const answers = [
      { date: '2026-11-30', person: 10, correct: true },
      { date: '2026-12-01', person: 10, correct: false },
      { date: '2026-12-01', person: 11, correct: true },
      { date: '2026-11-30', person: 20, correct: true },
      { date: '2026-12-02', person: 20, correct: true },
    ]
    const rows = standings(units, people, answers, days)
    expect(rows.map(r => [r.name, r.people, r.answers, percent(r.participation), percent(r.accuracy), r.streak])).toEqual([
      ['甲司法所', 2, 3, '75%', '67%', 2],
      ['乙司法所', 1, 1, '50%', '100%', 0],
      ['丙司法所', 0, 0, '0%', '0%', 0],
    ])
  })
})
