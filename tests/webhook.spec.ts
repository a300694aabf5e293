import { createHmac } from 'node:crypto'
import { Logger } from 'koishi'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ADMIN, at, createBot, TestBot } from './helpers/bot'
import { until, WebhookPlatform, withWebhooks } from './helpers/webhook-platform'

const WECOM_KEY = '693a91f6-7b2e-4bc4-97a0-0ec2a1b2c3d4'
const DING_TOKEN = '5f2c0a9e8b7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170f6e5d4c'
const DING_SECRET = 'SEC0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d'
const FEISHU_HOOK = 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b'
const FEISHU_SECRET = 'qK3xV8mN2pL7wR4tY6uZ1a'
const SECRETS = [WECOM_KEY, DING_TOKEN, DING_SECRET, FEISHU_HOOK, FEISHU_SECRET]

const bots: TestBot[] = []
const forks: (() => void)[] = []
const platforms: WebhookPlatform[] = []

async function start(now: string, config: Parameters<typeof withWebhooks>[2] = {}) {
  vi.useFakeTimers()
  vi.setSystemTime(at(now))
  const t = await createBot()
  bots.push(t)
  const platform = await WebhookPlatform.start()
  platforms.push(platform)
  forks.push(await withWebhooks(t, platform.origin, config))
  const replies: string[] = []
  /** The admin in a private chat with the bot; every reply is kept to check for leaks. */
  const privately = async (command: string) => {
    const reply = (await t.bot.client(ADMIN).receive(command)).join('\n')
    replies.push(reply)
    return reply
  }
  return { t, platform, origin: platform.origin, privately, replies }
}

async function runUntil(local: string) {
  await vi.advanceTimersByTimeAsync(at(local).getTime() - Date.now())
}

function deliveries(t: TestBot) {
  return t.app.database.get('pufa_delivery', {}, { sort: { id: 'asc' } })
}

/** Waits until the dispatcher has recorded an outcome for every attempt it claimed. */
async function settled(t: TestBot, count: number) {
  await until(async () => {
    const rows = await deliveries(t)
    return rows.length >= count && rows.every(row => !['claimed', 'sending'].includes(row.status))
  }, `${count} settled deliveries`)
  return deliveries(t)
}

function expectNoSecrets(texts: unknown[]) {
  const all = JSON.stringify(texts)
  for (const secret of SECRETS) expect(all).not.toContain(secret)
}

/** Everything logged at the levels a deployment shows (info and above). */
const logs: string[] = []
const logTarget: Logger.Target = { colors: 0, levels: { base: 2 }, record: record => void logs.push(record.content) }

beforeEach(() => {
  Logger.targets.push(logTarget)
})

afterEach(async () => {
  for (const dispose of forks.splice(0)) dispose()
  for (const t of bots.splice(0)) await t.dispose()
  for (const platform of platforms.splice(0)) await platform.close()
  vi.useRealTimers()
  Logger.targets.splice(Logger.targets.indexOf(logTarget), 1)
  // No test may leave a key or secret in the logs, whatever it did.
  const logged = logs.splice(0)
  expectNoSecrets(logged)
})

describe('adding a robot', () => {
  it('stores it, subscribes it, and shows the key only masked', async () => {
    const { t, origin, privately, replies } = await start('2026-11-23 07:00')
    const reply = await privately(`群机器人 添加 企业微信 ${origin}/cgi-bin/webhook/send?key=${WECOM_KEY} -n 城关镇普法群 -t 08:30 --reminders`)
    expect(reply).toBe([
      '已添加群机器人并订阅推送：',
      '#1 企业微信「城关镇普法群」 密钥 …c3d4 未加签｜每天 08:30 推送（每日一法 开，节点内容 开，节点提醒 开）',
      '发「群机器人 测试 1」可以马上发一条测试消息；查看全部发「群机器人 列表」。',
    ].join('\n'))
    expect(await t.app.database.get('pufa_webhook', {})).toMatchObject([{ id: 1, kind: 'wecom', token: WECOM_KEY, secret: '', name: '城关镇普法群' }])
    expect(await t.app.database.get('pufa_subscription', {})).toMatchObject([{
      platform: 'wecom-webhook', channelId: '1', guildId: '', selfId: 'wecom',
      time: 510, tips: true, dates: true, reminders: true, workdays: false, createdBy: `mock:${ADMIN}`,
    }])
    expect(await privately('群机器人 列表')).toBe([
      '共 1 个群机器人（密钥只显示末 4 位）：',
      '#1 企业微信「城关镇普法群」 密钥 …c3d4 未加签｜每天 08:30 推送（每日一法 开，节点内容 开，节点提醒 开）',
    ].join('\n'))
    expect(await privately(`群机器人 添加 企业微信 ${WECOM_KEY}`)).toBe('这个机器人已经添加过了（#1），要修改设置请先「群机器人 删除 1」再添加。')
    expectNoSecrets(replies)
  })

  it('refuses a key posted in a group, says it is exposed, and stores nothing', async () => {
    const { t } = await start('2026-11-23 07:00')
    const reply = await t.admin('g1').receive(`群机器人 添加 企业微信 ${WECOM_KEY}`)
    expect(reply).toEqual([
      'webhook 地址和加签密钥等同密码，「群机器人 添加」只能私聊机器人发送，本次没有保存。\n'
      + '刚才的地址已在群里公开，请到群机器人设置里重置 webhook 地址（和加签密钥）后，再私聊发送新的。',
    ])
    expect(await t.app.database.get('pufa_webhook', {})).toEqual([])
    expect(await t.app.database.get('pufa_subscription', {})).toEqual([])
  })

  it('refuses other people and bad input with a specific reason, writing nothing', async () => {
    const { t, origin, privately } = await start('2026-11-23 07:00')
    expect(await t.bot.client('bob').receive(`群机器人 添加 企业微信 ${WECOM_KEY}`)).toEqual([expect.stringContaining('仅限管理员')])
    const path = `/cgi-bin/webhook/send?key=${WECOM_KEY}`
    expect(await privately(`群机器人 添加 微信 ${WECOM_KEY}`)).toBe('不认识的类型“微信”，请写 企业微信、政务微信、钉钉、飞书 或 Lark。')
    expect(await privately(`群机器人 添加 企业微信 https://qyapi.weixin.qq.com${path}`))
      .toBe(`这不是企业微信的 webhook 地址，地址必须以 ${origin} 开头，请复制机器人设置里的 webhook 地址。`)
    expect(await privately(`群机器人 添加 企业微信 ${origin.replace('127.0.0.1', '127.0.0.2')}${path}`)).toContain('这不是企业微信的 webhook 地址')
    expect(await privately(`群机器人 添加 企业微信 ${origin}${path}&x=1`)).toBe('地址格式不对，请原样复制企业微信机器人设置里的 webhook 地址，不要增删参数。')
    expect(await privately('群机器人 添加 钉钉 abc')).toBe('地址中的 key 格式不对（太短、太长或含有非法字符），请原样复制钉钉机器人设置里的 webhook 地址。')
    expect(await privately(`群机器人 添加 企业微信 ${WECOM_KEY} -s ${DING_SECRET}`)).toBe('企业微信群机器人没有加签设置，请去掉 -s。')
    expect(await privately(`群机器人 添加 钉钉 ${DING_TOKEN} -s 短`)).toBe('加签密钥格式不对：应为 8–128 个字母、数字或符号，不含空格，请从机器人安全设置里原样复制。')
    expect(await privately(`群机器人 添加 钉钉 ${DING_TOKEN} -t 25:00`)).toBe('时间“25:00”无效，请写成 24 小时制的“时:分”，例如 -t 08:30。')
    expect(await t.app.database.get('pufa_webhook', {})).toEqual([])
    expect(await t.app.database.get('pufa_subscription', {})).toEqual([])
  })
})

describe('scheduled pushes through a robot', () => {
  it('arrive once, at the push minute', async () => {
    const { t, platform, origin, privately } = await start('2026-11-23 07:00')
    await privately(`群机器人 添加 企业微信 ${origin}/cgi-bin/webhook/send?key=${WECOM_KEY} -t 08:30 --no-dates`)
    await runUntil('2026-11-23 08:29')
    expect(platform.received).toEqual([])
    await runUntil('2026-11-23 08:30')
    const [row] = await settled(t, 1)
    expect(row).toMatchObject({ platform: 'wecom-webhook', channelId: '1', status: 'sent', attempt: 1 })
    expect(platform.received).toHaveLength(1)
    expect(platform.received[0].path).toBe('/cgi-bin/webhook/send')
    expect(platform.received[0].query.get('key')).toBe(WECOM_KEY)
    expect(platform.received[0].body).toEqual({ msgtype: 'text', text: { content: expect.stringMatching(/^【每日一法】.+\n[\s\S]+📖 依据：《.+》第.+条/) } })
    // Each later minute's check finds the slot settled; an hour of ticks shows it (a whole day is slow).
    await runUntil('2026-11-23 09:30')
    expect(platform.received).toHaveLength(1)
    expect(await deliveries(t)).toHaveLength(1)
  })

  it('record a 200 answer with an error code as failed, redacted, and retry it', async () => {
    const { t, platform, origin, privately } = await start('2026-11-23 07:00')
    await privately(`群机器人 添加 企业微信 ${origin}/cgi-bin/webhook/send?key=${WECOM_KEY} -t 08:30 --no-dates`)
    // Platforms echo the address back in some errors: the key must not reach our records.
    platform.answer = () => ({ body: { errcode: 93000, errmsg: `invalid webhook url, hint: [send?key=${WECOM_KEY}]` } })
    await runUntil('2026-11-23 08:30')
    const [failed] = await settled(t, 1)
    expect(failed).toMatchObject({ status: 'failed', attempt: 1, error: '平台拒绝（93000 invalid webhook url, hint: [send?key=…c3d4]）。' })
    expect(failed.nextAttemptAt).toEqual(at('2026-11-23 08:31'))
    platform.answer = undefined
    await runUntil('2026-11-23 08:31')
    const rows = await settled(t, 2)
    expect(rows.map(row => [row.attempt, row.status])).toEqual([[1, 'failed'], [2, 'sent']])
    expect(platform.received).toHaveLength(2)
    expectNoSecrets(rows)
    expect(logs.join('\n')).toContain('robot #1: 平台拒绝（93000 invalid webhook url, hint: [send?key=…c3d4]）。')
  })

  it('record a send the platform never answers as unknown and do not resend it', async () => {
    const { t, platform, origin, privately } = await start('2026-11-23 07:00')
    await privately(`群机器人 添加 钉钉 ${origin}/robot/send?access_token=${DING_TOKEN} -t 08:30 --no-dates`)
    platform.answer = () => 'hang'
    await runUntil('2026-11-23 08:30')
    await until(() => platform.received.length === 1, 'the request')
    await vi.advanceTimersByTimeAsync(30_000)
    expect(await settled(t, 1)).toMatchObject([{ status: 'unknown', error: 'timeout' }])
    await runUntil('2026-11-23 09:30')
    expect(platform.received).toHaveLength(1)
    expect(await deliveries(t)).toHaveLength(1)
  })
})

describe('rate limit', () => {
  it('holds the 21st message in a minute until the window allows it', async () => {
    const { t, platform, privately } = await start('2026-11-23 07:00', { maxWait: 60_000 })
    await privately(`群机器人 添加 企业微信 ${WECOM_KEY}`)
    const bot = t.app.bots.find(bot => bot.platform === 'wecom-webhook')!
    for (let i = 1; i <= 20; i++) await bot.sendMessage('1', `消息 ${i}`)
    expect(platform.received).toHaveLength(20)
    await vi.advanceTimersByTimeAsync(10_000)
    let done = false
    const last = bot.sendMessage('1', '消息 21').then(() => done = true)
    await vi.advanceTimersByTimeAsync(49_000)
    expect(platform.received).toHaveLength(20)
    expect(done).toBe(false)
    await vi.advanceTimersByTimeAsync(1_000)
    await last
    expect(platform.texts().at(-1)).toBe('消息 21')
  })

  it('fails at once, sending nothing, when the wait would outlast the push timeout', async () => {
    const { t, platform, privately } = await start('2026-11-23 07:00')
    await privately(`群机器人 添加 企业微信 ${WECOM_KEY}`)
    const bot = t.app.bots.find(bot => bot.platform === 'wecom-webhook')!
    for (let i = 1; i <= 20; i++) await bot.sendMessage('1', `消息 ${i}`)
    expect(await privately('群机器人 测试 1')).toBe('#1 测试消息发送失败：该机器人每分钟最多发 20 条，还需等待 60 秒，本次未发送，稍后重试。')
    expect(platform.received).toHaveLength(20)
  })

  it('backs off when the platform says the robot sends too fast', async () => {
    const { t, platform, privately } = await start('2026-11-23 07:00')
    await privately(`群机器人 添加 钉钉 ${DING_TOKEN}`)
    platform.answer = () => ({ body: { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' } })
    expect(await privately('群机器人 测试 1'))
      .toBe('#1 测试消息发送失败：平台限流（130101 send too fast, exceed 20 times per minute），该机器人暂停发送，稍后重试。')
    platform.answer = undefined
    // DingTalk holds a robot back for 10 minutes: nothing is sent before then.
    await vi.advanceTimersByTimeAsync(5 * 60_000)
    expect(await privately('群机器人 测试 1')).toMatch(/^#1 测试消息发送失败：该机器人每分钟最多发 20 条，还需等待 300 秒/)
    await vi.advanceTimersByTimeAsync(5 * 60_000)
    expect(await privately('群机器人 测试 1')).toBe('#1 测试消息已发送，平台已接收，请到群里确认。')
    expect(platform.received).toHaveLength(2)
    expect(t.app.bots.length).toBeGreaterThan(0)
  })
})

describe('signing and splitting', () => {
  it('signs DingTalk requests so that the platform verifies them with the secret', async () => {
    const { platform, origin, privately, replies } = await start('2026-11-23 07:00')
    platform.answer = ({ query }) => {
      const expected = createHmac('sha256', DING_SECRET).update(`${query.get('timestamp')}\n${DING_SECRET}`).digest('base64')
      const fresh = Math.abs(Number(query.get('timestamp')) - Date.now()) < 3_600_000
      return query.get('sign') === expected && fresh ? undefined : { body: { errcode: 310000, errmsg: 'sign not match' } }
    }
    expect(await privately(`群机器人 添加 钉钉 ${origin}/robot/send?access_token=${DING_TOKEN} -s ${DING_SECRET} -n 普法办`))
      .toContain('#1 钉钉「普法办」 密钥 …5d4c 已加签｜')
    expect(await privately('群机器人 测试 1')).toBe('#1 测试消息已发送，平台已接收，请到群里确认。')
    expect(platform.received[0].query.get('access_token')).toBe(DING_TOKEN)
    expect(platform.texts()).toEqual(['【普法工作群机器人】测试消息：本群机器人已接通，今后每日一法和重要节点内容会按时推送到这里。'])
    // The same robot added without the secret is refused by the platform, and we say so.
    expect(await privately(`群机器人 添加 钉钉 ${DING_TOKEN.replace('5f', '6f')}`)).toContain('#2 钉钉')
    expect(await privately('群机器人 测试 2')).toBe('#2 测试消息发送失败：平台拒绝（310000 sign not match）。')
    expectNoSecrets(replies)
  })

  it('signs Feishu requests in the body', async () => {
    const { platform, origin, privately, replies } = await start('2026-11-23 07:00')
    platform.answer = ({ body }) => {
      const expected = createHmac('sha256', `${body.timestamp}\n${FEISHU_SECRET}`).update('').digest('base64')
      return body.sign === expected ? undefined : { body: { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' } }
    }
    await privately(`群机器人 添加 飞书 ${origin}/open-apis/bot/v2/hook/${FEISHU_HOOK} -s ${FEISHU_SECRET}`)
    expect(await privately('群机器人 测试 1')).toBe('#1 测试消息已发送，平台已接收，请到群里确认。')
    expect(platform.received[0]).toMatchObject({ path: `/open-apis/bot/v2/hook/${FEISHU_HOOK}`, body: { msg_type: 'text', timestamp: String(Math.floor(Date.now() / 1000)) } })
    expectNoSecrets(replies)
  })

  it('splits a long message into parts within WeCom’s 2048 bytes, at paragraph breaks', async () => {
    const { t, platform, privately } = await start('2026-11-23 07:00')
    await privately(`群机器人 添加 企业微信 ${WECOM_KEY}`)
    const paragraphs = Array.from({ length: 6 }, (_, i) => `第${i + 1}段` + '法'.repeat(300))
    await t.app.bots.find(bot => bot.platform === 'wecom-webhook')!.sendMessage('1', paragraphs.join('\n\n'))
    expect(platform.texts()).toEqual([0, 2, 4].map(i => paragraphs.slice(i, i + 2).join('\n\n')))
    for (const text of platform.texts()) expect(Buffer.byteLength(text)).toBeLessThanOrEqual(2048)
  })
})

describe('a split message that fails part-way', () => {
  it('is retried from the failed part, not from the start', async () => {
    const { t, platform, privately } = await start('2026-11-23 07:00')
    await privately(`群机器人 添加 企业微信 ${WECOM_KEY}`)
    const bot = t.app.bots.find(bot => bot.platform === 'wecom-webhook')!
    const paragraphs = Array.from({ length: 6 }, (_, i) => `第${i + 1}段` + '法'.repeat(300))
    const parts = [0, 2, 4].map(i => paragraphs.slice(i, i + 2).join('\n\n'))
    platform.answer = () => platform.received.length === 2 ? { body: { errcode: -1, errmsg: 'system busy' } } : undefined
    await expect(bot.sendMessage('1', paragraphs.join('\n\n')))
      .rejects.toThrow('平台拒绝（-1 system busy）（第 2/3 段；之前的已送达，重试从这一段接着发）。')
    await bot.sendMessage('1', paragraphs.join('\n\n'))
    expect(platform.texts()).toEqual([parts[0], parts[1], parts[1], parts[2]])
    // Sent whole, the same text later goes out in full again.
    await bot.sendMessage('1', paragraphs.join('\n\n'))
    expect(platform.texts().slice(4)).toEqual(parts)
  })
})

describe('errors and removal', () => {
  it('keeps the key out of network errors, and stops pushing to a removed robot', async () => {
    const { t, platform, privately, replies } = await start('2026-11-23 07:00')
    await privately(`群机器人 添加 企业微信 ${WECOM_KEY} -t 08:30`)
    await platform.close()
    platforms.splice(platforms.indexOf(platform), 1)
    const reply = await privately('群机器人 测试 1')
    expect(reply).toMatch(/^#1 测试消息发送失败：请求失败（fetch http:\/\/127\.0\.0\.1:\d+\/cgi-bin\/webhook\/send\?key=…c3d4 failed）。$/)
    expect(await privately('群机器人 删除 1')).toBe('已删除群机器人 #1（企业微信），不再向它推送；历史推送记录仍保留。')
    expect(await t.app.database.get('pufa_subscription', {})).toEqual([])
    expect(await privately('群机器人 列表')).toBe('还没有添加群机器人。私聊本机器人发「群机器人 添加」即可添加，详见「help 群机器人.添加」。')
    expectNoSecrets(replies)
  })
})
