import { Schema } from 'koishi'
import { QuizTimes } from '../../../src/quiz/schedule'
import { parseTimeOfDay } from '../../../src/time/shanghai'

export interface Config {
  opensAt: string
  closesAt: string
  weeklyDay: number
  weeklyAt: string
  rankingLines: number
}

const timeOfDay = Schema.string().pattern(/^([01]?\d|2[0-3]):[0-5]\d$/)

export const Config: Schema<Config> = Schema.object({
  opensAt: timeOfDay.default('09:00').description('每天出题（推送到开启答题的群）并开始接受作答的时间（北京时间）。'),
  closesAt: timeOfDay.default('22:00').description('当天截止作答并公布答案的时间（北京时间），须晚于出题时间。'),
  weeklyDay: Schema.natural().max(6).default(1).description('每周推送上周排行的日子：0 周日，1 周一……6 周六。'),
  weeklyAt: timeOfDay.default('09:00').description('推送上周排行的时间（北京时间）。'),
  rankingLines: Schema.natural().min(1).default(30).description('排行最多列出多少个单位。'),
})

/** The times in minutes; a closing time not after the opening is refused at start. */
export function quizTimes(config: Config): QuizTimes {
  const opensAt = parseTimeOfDay(config.opensAt)!, closesAt = parseTimeOfDay(config.closesAt)!
  if (closesAt <= opensAt) throw new Error(`每日一题的截止时间 ${config.closesAt} 须晚于出题时间 ${config.opensAt}`)
  return { opensAt, closesAt, weeklyDay: config.weeklyDay, weeklyAt: parseTimeOfDay(config.weeklyAt)! }
}
