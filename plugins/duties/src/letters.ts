import { Context } from 'koishi'
import { describeError } from '../../../src/delivery/errors'
import { catchUpEnd } from '../../../src/delivery/plan'
import { shortError } from '../../../src/delivery/redact'
import { checkpointEnded, LetterRules, listsWithNotices, noticeDuties, overdueDuties } from '../../../src/duties/letters'
import { DutyProgress, target } from '../../../src/duties/progress'
import { DutyYear } from '../../../src/duties/schema'
import { LocalDate } from '../../../src/time/local-date'
import { parseTimeOfDay, shanghaiDate, shanghaiMinutes } from '../../../src/time/shanghai'
import type { OnceMessage, OnceResult } from '../../push/src'
import { Officer, Unit } from '../../reports/src/models'
import { unitProgress } from './progress'

export interface LetterConfig extends LetterRules {
  /** HH:mm, Asia/Shanghai. */
  letterTime: string
}

/** Results after which a letter is tried again on a later tick today. */
const AGAIN = new Set<OnceResult>(['failed', 'later', 'no-bot', 'busy'])

/**
 * 提示函 and 督办函, checked every minute: from the letter time until the push catch-up
 * window closes, today's letters are composed once and sent through the delivery log, so
 * each goes out once across ticks, restarts and instances; failed ones are retried on
 * later ticks as the push retry policy allows.
 */
export class Letters {
  private running = false
  /** Today's letters not settled yet; composed on the first tick in the window. */
  private today?: { date: LocalDate; pending: OnceMessage[] }

  constructor(private ctx: Context, private years: DutyYear[], private config: LetterConfig) {}

  private text(path: string, params: object | unknown[] = {}) {
    return this.ctx.i18n.render(['zh-CN'], [`pufa-duties.letter.${path}`], params).join('')
  }

  /** `2026-12-20` → 12月20日. */
  private day(date: LocalDate) {
    const [, month, day] = date.split('-').map(Number)
    return this.ctx.i18n.render(['zh-CN'], ['pufa-duties.day'], [month, day]).join('')
  }

  async tick(now = new Date()) {
    if (this.running) return
    this.running = true
    try {
      await this.run(now)
    } catch (error) {
      this.ctx.logger('pufa-duties').warn('letters: %s', shortError(describeError(error), 200))
    } finally {
      this.running = false
    }
  }

  private async run(now: Date) {
    const delivery = this.ctx.pufaDelivery
    const time = parseTimeOfDay(this.config.letterTime)!
    const minutes = shanghaiMinutes(now)
    if (minutes < time || minutes >= catchUpEnd(time, parseTimeOfDay(delivery.config.catchUpUntil)!)) return
    const date = shanghaiDate(now)
    if (this.today?.date !== date) this.today = { date, pending: await this.compose(date) }
    const left: OnceMessage[] = []
    let sent = false
    for (const message of this.today.pending) {
      if (sent) await this.ctx.pufaDelivery.pause(message.platform)
      const result = await delivery.sendOnce(message, now)
      sent = result === 'sent' || result === 'failed' || result === 'unknown'
      if (AGAIN.has(result)) left.push(message)
    }
    this.today.pending = left
  }

  /** Every letter due today; the units are counted only on a day some letter may be due. */
  async compose(date: LocalDate): Promise<OnceMessage[]> {
    const noticeLists = listsWithNotices(this.years, date, this.config.noticeOffsets)
    const checkpoint = checkpointEnded(date, this.config.checkpoints)
    const checkList = checkpoint && this.years.find(list => list.year === Number(checkpoint.slice(0, 4)))
    if (!noticeLists.length && !checkList) return []
    const units = await this.ctx.database.get('pufa_unit', { active: true }, { sort: { id: 'asc' } })
    const officers = await this.ctx.database.get('pufa_officer', {})
    const messages: OnceMessage[] = []
    /** Units still to finish each noticed duty, for the groups' line. */
    const noticed = new Map<string, { progress: DutyProgress; units: number }>()
    for (const unit of units) {
      const own = officers.filter(officer => officer.unitId === unit.id)
      const notices: DutyProgress[] = []
      for (const list of noticeLists) {
        const { progress } = await unitProgress(this.ctx, list, unit, date)
        notices.push(...noticeDuties(progress, date, this.config.noticeOffsets))
      }
      for (const p of notices) {
        const key = `${p.due}|${p.duty.id}`
        const entry = noticed.get(key) ?? { progress: p, units: 0 }
        entry.units++
        noticed.set(key, entry)
      }
      if (notices.length) messages.push(...this.toOfficers(own, unit, 'notice', `notice:${date}:${unit.id}`, date, this.notice(unit, notices)))
      if (checkList) {
        const { progress } = await unitProgress(this.ctx, checkList, unit, checkpoint)
        const behind = overdueDuties(progress)
        if (behind.length) messages.push(...this.toOfficers(own, unit, 'overdue', `overdue:${checkpoint}:${unit.id}`, date, this.overdue(unit, checkpoint, behind)))
      }
    }
    if (noticed.size) messages.push(...await this.toGroups(date, [...noticed.values()]))
    return messages
  }

  private toOfficers(officers: Officer[], unit: Unit, kind: 'notice' | 'overdue', key: string, date: LocalDate, content: string): OnceMessage[] {
    return officers.map(officer => ({
      key: `${key}:${officer.platform}:private:${officer.userId}`,
      kind,
      item: unit.name,
      date,
      platform: officer.platform,
      userId: officer.userId,
      content,
    }))
  }

  /** One line in each group subscribed for reminders that takes posts from the bot. */
  private async toGroups(date: LocalDate, noticed: { progress: DutyProgress; units: number }[]): Promise<OnceMessage[]> {
    const subs = await this.ctx.database.get('pufa_subscription', { reminders: true, proactive: { $ne: 'no' } })
    if (!subs.length) return []
    noticed.sort((a, b) => a.progress.due.localeCompare(b.progress.due))
    const content = [
      this.text('group-header'),
      ...noticed.map(({ progress, units }) => this.text('group-line', { title: progress.duty.title, due: this.day(progress.due), count: units })),
      this.text('group-footer'),
    ].join('\n')
    return subs.map(sub => ({
      key: `notice:${date}:${sub.platform}:group:${sub.channelId}`,
      kind: 'notice',
      item: noticed.map(({ progress }) => progress.duty.id).join('+'),
      date,
      platform: sub.platform,
      channelId: sub.channelId,
      guildId: sub.guildId || undefined,
      selfId: sub.selfId,
      content,
    }))
  }

  private measured(p: DutyProgress) {
    return p.duty.measure && { title: p.duty.title, done: p.done, target: p.target, unit: this.ctx.i18n.render(['zh-CN'], [`pufa-duties.unit.${target(p.duty.measure).metric}`], {}).join(''), due: this.day(p.due) }
  }

  /** 提示函: the unit, each duty with its deadline and how far it is. */
  notice(unit: Unit, duties: DutyProgress[]) {
    const year = Number(duties[0].due.slice(0, 4))
    return [
      this.text('notice-header', { unit: unit.name, year }),
      ...duties.map((p) => {
        const params = this.measured(p)
        return params ? this.text('notice-measured', params) : this.text('notice-marked', { title: p.duty.title, due: this.day(p.due) })
      }),
      this.text('notice-footer'),
    ].join('\n')
  }

  /** 督办函: what is behind as the checkpoint ends, by how much, and what to do. */
  overdue(unit: Unit, checkpoint: LocalDate, duties: DutyProgress[]) {
    return [
      this.text('overdue-header', { unit: unit.name, date: this.day(checkpoint) }),
      ...duties.map((p) => {
        const params = this.measured(p)
        if (!params) return this.text('overdue-marked', { title: p.duty.title, due: this.day(p.due) })
        return p.state === 'overdue'
          ? this.text('overdue-late', { ...params, gap: p.target - p.done })
          : this.text('overdue-behind', { ...params, expected: p.expected, gap: p.expected - p.done })
      }),
      this.text('overdue-footer'),
    ].join('\n')
  }
}
