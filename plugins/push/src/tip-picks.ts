import { Context } from 'koishi'
import { pickTip, TipPick } from '../../../src/content/rotation'
import { LocalDate } from '../../../src/time/local-date'

export interface Channel {
  platform: string
  channelId: string
}

/**
 * Each channel's tip of the day, fixed in `pufa_tip_pick` the first time it is needed
 * (push or 今日普法), so every instance, the push and the command agree on it.
 */
export class TipPicks {
  constructor(private ctx: Context) {}

  private get library() {
    return this.ctx.pufaContent.library
  }

  /** The tip the day's quiz question rests on, when the quiz is installed. */
  private quizTip(date: LocalDate) {
    return this.ctx.get('pufaQuiz')?.tipOfDay(date)
  }

  private async history(channel: Channel) {
    return this.ctx.database.get('pufa_tip_pick', { platform: channel.platform, channelId: channel.channelId }, ['date', 'tipId', 'cycle'])
  }

  private fromRecord(tipId: string, cycle: number): TipPick | undefined {
    const tip = this.library.tips.find(t => t.id === tipId)
    return tip && { tip, cycle }
  }

  /** The channel's tip for a date, chosen and recorded now if it has none yet. */
  async take({ platform, channelId }: Channel, date: LocalDate): Promise<TipPick | undefined> {
    const channel = { platform, channelId }
    const history = await this.history(channel)
    const recorded = history.find(record => record.date === date)
    if (recorded) {
      const pick = this.fromRecord(recorded.tipId, recorded.cycle)
      if (pick) return pick
    }
    const pick = pickTip(this.library, date, history.filter(r => r.date < date), `${channel.platform}:${channel.channelId}`, await this.quizTip(date))
    if (!pick) return
    try {
      await this.ctx.database.create('pufa_tip_pick', { ...channel, date, tipId: pick.tip.id, cycle: pick.cycle })
    } catch (error) {
      // Another instance recorded this channel's pick first: use theirs.
      const [existing] = await this.ctx.database.get('pufa_tip_pick', { ...channel, date })
      if (!existing) throw error
      return this.fromRecord(existing.tipId, existing.cycle) ?? pick
    }
    return pick
  }

  /** What `take` would give on a date, without recording anything (for previews). */
  async peek(channel: Channel, date: LocalDate): Promise<{ pick?: TipPick; predicted: boolean }> {
    const history = await this.history(channel)
    const recorded = history.find(record => record.date === date)
    const fixed = recorded && this.fromRecord(recorded.tipId, recorded.cycle)
    if (fixed) return { pick: fixed, predicted: false }
    const pick = pickTip(this.library, date, history.filter(r => r.date < date), `${channel.platform}:${channel.channelId}`, await this.quizTip(date))
    return { pick, predicted: true }
  }
}
