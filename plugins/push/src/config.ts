import { Dict, Schema } from 'koishi'
import { parseTimeOfDay } from '../../../src/time/shanghai'

export interface Pacing {
  /** Shortest and longest pause between two sends on one platform, in ms (random in between). */
  min: number
  max: number
}

export interface Config {
  defaultTime: string
  catchUpUntil: string
  reminderOffsets: number[]
  cron: string
  sendTimeout: number
  claimLease: number
  retry: { maxAttempts: number; baseDelay: number; maxDelay: number }
  pacing: Dict<Pacing>
  probe: string[]
}

const timeOfDay = Schema.string().pattern(/^([01]?\d|2[0-3]):[0-5]\d$/)

export const Config: Schema<Config> = Schema.object({
  defaultTime: timeOfDay.default('08:30').description('「订阅」不带 -t 时的推送时间（北京时间）。'),
  catchUpUntil: timeOfDay.default('20:00').description('停机或机器人未连接而错过的推送，当天在此时间前补发；此时间及之后的推送补发 2 小时（不跨过午夜）。过后记为“错过”。'),
  reminderOffsets: Schema.array(Schema.natural().min(1)).default([7, 1]).description('节点前几天提醒（T-7、T-1）。'),
  cron: Schema.string().default('* * * * *').description('检查推送的频率（cron 表达式，北京时间）。'),
  sendTimeout: Schema.natural().role('ms').default(30_000).description('单条消息发送超时；超时记为“未知”，不自动重发。'),
  claimLease: Schema.natural().role('ms').default(120_000).description('认领后多久未开始发送即视为中断，可由其他实例接手。'),
  retry: Schema.object({
    maxAttempts: Schema.natural().min(1).default(5),
    baseDelay: Schema.natural().role('ms').default(60_000),
    maxDelay: Schema.natural().role('ms').default(1_800_000),
  }).description('发送失败后的重试（指数退避）。'),
  pacing: Schema.dict(Schema.object({
    min: Schema.natural().role('ms').default(0),
    max: Schema.natural().role('ms').default(0),
  })).default({
    onebot: { min: 3000, max: 8000 },
    wecom: { min: 3000, max: 3000 },
    dingtalk: { min: 3000, max: 3000 },
    lark: { min: 1000, max: 1000 },
  }).description('各平台两次发送之间的间隔（毫秒）。个人号协议（onebot）请留足随机间隔；群机器人 webhook 每分钟最多 20 条。'),
  probe: Schema.array(String).default(['qq']).description('群可能只接受回复、不接受主动消息的平台（QQ 官方机器人）。在这些平台订阅时先发一条欢迎消息试探。'),
})

export function minutesOf(time: string): number {
  return parseTimeOfDay(time)!
}
