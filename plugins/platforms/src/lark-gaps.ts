import { Bot, Context, HTTP, Universal } from 'koishi'

type LarkBot = Bot & { assetsQuester: HTTP }

/** A percent-encoded name as people wrote it; left as it is when it does not decode. */
function decodedName(name: string) {
  try {
    return decodeURIComponent(name)
  } catch {
    return name
  }
}

/**
 * Two gaps in the Lark/Feishu adapter that keep 导出 and 履职报告 drafts from reaching the
 * person who asked:
 * - it implements no `createDirectChannel`, so `sendPrivateMessage` throws. Lark needs no
 *   channel opened: its message API takes a user's open_id as the receiver (the adapter picks
 *   receive_id_type=open_id for ids starting with "ou"), so the user's id is the channel;
 * - it names an uploaded file after the last part of its URL, still percent-encoded, so
 *   「台账-2026….xlsx」 arrived as 「%E5%8F%B0%E8%B4%A6-2026….xlsx」.
 */
export function fillLarkGaps(ctx: Context) {
  const patch = (added: Bot) => {
    if (added.platform !== 'lark' && added.platform !== 'feishu') return
    const bot = added as LarkBot
    if (typeof bot.createDirectChannel !== 'function') {
      bot.createDirectChannel = async (userId: string) => ({ id: userId, type: Universal.Channel.Type.DIRECT })
    }
    const http = bot.assetsQuester
    if (!http || Object.prototype.hasOwnProperty.call(http, 'decodesNames')) return
    bot.assetsQuester = Object.assign(Object.create(http), {
      decodesNames: true,
      async file(url: string, options?: Parameters<HTTP['file']>[1]) {
        const file = await http.file(url, options)
        return { ...file, filename: decodedName(file.filename) }
      },
    })
  }
  ctx.bots.forEach(patch)
  ctx.on('bot-added', patch)
}
