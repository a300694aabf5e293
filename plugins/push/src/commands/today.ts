import { Context } from 'koishi'
import { shanghaiDate } from '../../../../src/time/shanghai'
import { Dispatcher } from '../dispatcher'
import { Renderer } from '../render'

export function registerToday(ctx: Context, dispatcher: Dispatcher) {
  ctx.command('今日普法')
    .alias('每日一法', 'pufa-today')
    .action(async ({ session }) => {
      const channel = { platform: session!.platform, channelId: session!.channelId! }
      const pick = await dispatcher.picks.take(channel, shanghaiDate(new Date()))
      if (!pick) return session!.text('.none')
      return new Renderer(ctx, session!.locales).tip(pick.tip)
    })
}
