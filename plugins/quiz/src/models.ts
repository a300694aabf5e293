import { Context } from 'koishi'

declare module 'koishi' {
  interface Tables {
    pufa_quiz_day: QuizDay
    pufa_quiz_answer: QuizAnswer
    pufa_quiz_member: QuizMember
  }
}

/** The question of a date, fixed the first time it is needed so a content update cannot change it. */
export interface QuizDay {
  date: string
  questionId: string
  createdAt: Date
}

/**
 * One person's answer to a date's question. The unique (date, aid) index is what makes it
 * one attempt: a second answer, even at the same instant, clashes and is refused.
 */
export interface QuizAnswer {
  id: number
  date: string
  questionId: string
  /** Koishi user id: the same person on every platform they bound. */
  aid: number
  /** Index of the chosen option in the question's plain order. */
  choice: number
  correct: boolean
  platform: string
  userId: string
  /** The group it was answered in; empty for a private answer. */
  channelId: string
  at: Date
}

/** The unit a person said they belong to (officers belong to the unit they are bound to). */
export interface QuizMember {
  aid: number
  unitId: number
  platform: string
  userId: string
  /** The group they said it in; empty when said privately. */
  channelId: string
  at: Date
}

export function defineModels(ctx: Context) {
  ctx.model.extend('pufa_quiz_day', {
    date: 'string(10)',
    questionId: 'string(127)',
    createdAt: 'timestamp',
  }, { primary: 'date' })

  ctx.model.extend('pufa_quiz_answer', {
    id: 'unsigned',
    date: 'string(10)',
    questionId: 'string(127)',
    aid: 'unsigned',
    choice: 'unsigned',
    correct: 'boolean',
    platform: 'string(63)',
    userId: 'string(255)',
    channelId: 'string(255)',
    at: 'timestamp',
  }, {
    autoInc: true,
    unique: [['date', 'aid']],
    indexes: [['platform', 'channelId']],
  })

  ctx.model.extend('pufa_quiz_member', {
    aid: 'unsigned',
    unitId: 'unsigned',
    platform: 'string(63)',
    userId: 'string(255)',
    channelId: 'string(255)',
    at: 'timestamp',
  }, { primary: 'aid', indexes: [['platform', 'channelId']] })
}
