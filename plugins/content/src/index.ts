import { resolve } from 'node:path'
import { Context, Schema, Service } from 'koishi'
import { Occurrence } from '../../../src/calendar/calendar'
import { Library, loadLibrary } from '../../../src/content/library'
import { shanghaiDate } from '../../../src/time/shanghai'
import * as calendarCommand from './calendar-command'
import zhCN from './locales/zh-CN.yml'

declare module 'koishi' {
  interface Context {
    pufaContent: PufaContent
  }
}

export interface Config {
  dir: string
  extraTips: string[]
}

export const Config: Schema<Config> = Schema.object({
  dir: Schema.string().default('config').description('内容库目录（相对于 koishi.yml 所在目录）。'),
  extraTips: Schema.array(String).default([]).description('额外的每日一法文件（YAML），启动时按同样规则校验。'),
})

/**
 * The content library (tips, key-date items, calendar, themes, laws) as a service.
 * Loading validates everything; a bad file stops the plugin with the file, entry and field.
 */
export class PufaContent extends Service {
  static Config = Config
  readonly library: Library

  constructor(ctx: Context, config: Config) {
    // Loaded before the service registers itself: with a bad file there is no half-made
    // service for the push plugin to start on.
    const library = loadLibrary(resolve(ctx.baseDir, config.dir), config.extraTips.map(file => resolve(ctx.baseDir, file)))
    super(ctx, 'pufaContent')
    this.library = library
    ctx.i18n.define('zh-CN', zhCN)
    ctx.plugin(calendarCommand)
  }

  get calendar() {
    return this.library.calendar
  }

  /** Today in Asia/Shanghai. Tests move time with fake timers, which drive Date and the cron alike. */
  today() {
    return shanghaiDate(new Date())
  }

  /** “12月1日—7日” for a window, “12月4日” for one day. */
  describeWindow(occurrence: Occurrence, locales: string[] = []) {
    const [, month, day] = occurrence.start.split('-').map(Number)
    const [, endMonth, endDay] = occurrence.end.split('-').map(Number)
    const path = occurrence.start === occurrence.end ? 'date-day' : month === endMonth ? 'date-range-same-month' : 'date-range'
    return this.ctx.i18n.render(locales, [`pufa-content.${path}`], { month, day, endMonth, endDay }).join('')
  }
}

export const name = 'pufa-content'
export default PufaContent
