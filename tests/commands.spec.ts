import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { at, createBot, ROOT, TestBot } from './helpers/bot'

let t: TestBot

beforeEach(async () => {
  vi.useFakeTimers({ now: at('2026-11-22 10:00') })
  t = await createBot()
})

afterEach(async () => {
  await t.dispose()
  vi.useRealTimers()
})

const subscriptions = () => t.app.database.get('pufa_subscription', {})

describe('订阅', () => {
  it('subscribes a group with defaults and says what comes next', async () => {
    await t.admin('g1').shouldReply('订阅', [
      '已为本群订阅。\n'
      + '· 推送时间：每天 08:30\n'
      + '· 每日一法：开；节点内容：开；节点提醒：关\n'
      + '· 下一次推送：2026-11-23 08:30（每日一法）\n'
      + '查看设置发「订阅 状态」，停止推送发「退订」。',
    ])
    const [row] = await subscriptions()
    expect(row).toMatchObject({ platform: 'mock', channelId: 'g1', time: 510, tips: true, dates: true, reminders: false, workdays: false, createdBy: 'mock:admin' })
  })

  it('takes -t, --no-tips, --reminders and --workdays, and updates on a second call', async () => {
    await t.admin('g1').shouldReply('订阅 -t 07:45 --no-tips --reminders', /^已为本群订阅。\n· 推送时间：每天 07:45\n· 每日一法：关；节点内容：开；节点提醒：开\n· 下一次推送：2026-11-24 07:45（节点提醒）/)
    await t.admin('g1').shouldReply('订阅 --tips --workdays', /^已更新本群订阅。\n· 推送时间：每天 07:45（仅工作日）\n· 每日一法：开；节点内容：开；节点提醒：开\n/)
    expect(await subscriptions()).toMatchObject([{ time: 465, tips: true, dates: true, reminders: true, workdays: true }])
  })

  it('rejects an impossible time and writes nothing', async () => {
    await t.admin('g1').shouldReply('订阅 -t 25:00', '时间“25:00”无效，请写成 24 小时制的“时:分”，例如 -t 08:30。')
    await t.admin('g1').shouldReply('订阅 -t 8点', '时间“8点”无效，请写成 24 小时制的“时:分”，例如 -t 08:30。')
    expect(await subscriptions()).toEqual([])
  })

  it('is for admins only, in groups only, and changes nothing otherwise', async () => {
    const member = '「订阅」仅限管理员（普法办）使用。如需开通，请联系部署人员在 koishi.yml 的 pufa-roles 配置中加入你的账号 mock:u2。'
    await t.client('u2', 'g1').shouldReply('订阅', member)
    await t.client('u2', 'g1').shouldReply('订阅 状态', member.replace('「订阅」', '「订阅 状态」'))
    await t.client('u2', 'g1').shouldReply('退订', member.replace('「订阅」', '「退订」'))
    await t.client('admin').shouldReply('订阅', '「订阅」需要在工作群里使用。')
    expect(await subscriptions()).toEqual([])
  })

  it('treats Koishi authority 3 as admin', async () => {
    await t.app.mock.initUser('boss', 3)
    await t.client('boss', 'g2').shouldReply('订阅', /^已为本群订阅。/)
    expect(await subscriptions()).toMatchObject([{ channelId: 'g2', createdBy: 'mock:boss' }])
  })

  it('shows the status and unsubscribes', async () => {
    await t.admin('g1').shouldReply('订阅 状态', '本群尚未订阅。管理员发送「订阅」即可开通，例如「订阅 -t 08:30 --reminders」。')
    await t.admin('g1').receive('订阅 --workdays')
    await t.admin('g1').shouldReply('订阅 状态', [
      '本群订阅状态：\n'
      + '· 推送时间：每天 08:30（仅工作日）\n'
      + '· 每日一法：开；节点内容：开；节点提醒：关\n'
      + '· 订阅人：mock:admin，2026-11-22 10:00\n'
      + '· 下一次推送：2026-11-23 08:30（每日一法）\n'
      + '· 下一个节点：12月1日—7日 宪法宣传周（还有 9 天）\n'
      + '注意：2027 年的法定节假日和调休安排尚未收录，“仅工作日”暂时只跳过周六、周日。',
    ])
    await t.admin('g1').shouldReply('退订', '已退订，本群不再收到推送。历史推送记录仍保留，可用「推送 记录」查看。')
    await t.admin('g1').shouldReply('退订', '本群没有订阅，无需退订。')
    expect(await subscriptions()).toEqual([])
  })

  it('tells admins when the holiday schedule of the coming year is not published', async () => {
    vi.setSystemTime(at('2026-12-20 10:00'))
    await t.admin('g1').shouldReply('订阅 --workdays', /\n注意：2027 年的法定节假日和调休安排尚未收录，“仅工作日”暂时只跳过周六、周日。\n/)
  })

  it('does not warn about a year entered in config/holidays.yml', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pufa-config-'))
    try {
      cpSync(join(ROOT, 'config'), dir, { recursive: true })
      writeFileSync(join(dir, 'holidays.yml'), "- year: 2027\n  holidays:\n    - { name: 元旦, from: '2027-01-01', to: '2027-01-01' }\n")
      await t.dispose()
      t = await createBot({ content: { dir } })
      vi.setSystemTime(at('2026-12-20 10:00'))
      const [reply] = await t.admin('g1').receive('订阅 --workdays')
      expect(reply).toMatch(/^已为本群订阅。\n· 推送时间：每天 08:30（仅工作日）/)
      expect(reply).not.toContain('尚未收录')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('今日普法', () => {
  it('gives a tip with its law and article, the same all day', async () => {
    const [first] = await t.client('u2', 'g1').receive('今日普法')
    expect(first).toMatch(/^【每日一法】.+\n.+\n📖 依据：《.+》第[一二三四五六七八九十百千零]+条(之[一二三四五六七八九十]+)?(\n原文：“.+”)?$/s)
    expect(await t.client('u3', 'g1').receive('每日一法')).toEqual([first])
    const [pick] = await t.app.database.get('pufa_tip_pick', { channelId: 'g1' })
    expect(pick).toMatchObject({ date: '2026-11-22', cycle: 0 })
  })

  it('works in a private chat too', async () => {
    const [reply] = await t.client('u2').receive('今日普法')
    expect(reply).toMatch(/^【每日一法】/)
  })
})

describe('推送 预览', () => {
  it('shows the 国家宪法日 item on 2026-12-04', async () => {
    await t.admin('g1').receive('订阅')
    const [reply] = await t.admin('g1').receive('推送 预览 2026-12-04')
    expect(reply).toMatch(/^本群 2026-12-04 的推送预览（08:30 推送）：\n——节点内容——\n【国家宪法日】/)
    expect(reply).toContain('📖 依据：《宪法》第五条')
    expect(reply).toMatch(/——每日一法——\n【每日一法】.+\n[\s\S]*（按目前的轮换预计，以当天实际推送为准）$/)
  })

  it('claims the day of 宪法宣传周 only in a year whose dates are entered', async () => {
    await t.admin('g1').receive('订阅')
    // 2026's dates are not announced yet: the week is an estimate.
    const [estimated] = await t.admin('g1').receive('推送 预览 2026-12-01')
    expect(estimated).toContain('【宪法宣传周】宪法进企业：合法经营受保护\n宪法宣传周的具体日期每年由主办单位公布，今年的安排请以当地通知为准。\n从2018年起，')
    expect(estimated).not.toContain('今天是宪法宣传周第一天')
    // 2025's week was announced as 12月1日—7日.
    const [announced] = await t.admin('g1').receive('推送 预览 2025-12-01')
    expect(announced).toContain('【宪法宣传周】宪法进企业：合法经营受保护\n今天是宪法宣传周第一天，主题“宪法进企业”。\n从2018年起，')
    expect(announced).not.toContain('具体日期每年由主办单位公布')
  })

  it('previews with default settings for an unsubscribed group', async () => {
    const [reply] = await t.admin('g1').receive('推送 预览 2026-04-15')
    expect(reply).toMatch(/^本群 2026-04-15 的推送预览（08:30 推送）：\n（本群尚未订阅，以下按默认设置预览）\n——节点内容——\n【全民国家安全教育日】/)
  })

  it('says when a workdays-only group gets nothing on a holiday', async () => {
    await t.admin('g1').receive('订阅 --workdays')
    await t.admin('g1').shouldReply('推送 预览 2026-10-01', '本群 2026-10-01 的推送预览（08:30 推送）：\n这天不是工作日，本群设置为仅工作日推送，当天不推送。')
  })

  it('rejects impossible dates and non-admins', async () => {
    await t.admin('g1').shouldReply('推送 预览 2026-02-30', '日期“2026-02-30”无效，请写成 YYYY-MM-DD，例如 2026-12-04。')
    await t.admin('g1').shouldReply('推送 预览 明天', '日期“明天”无效，请写成 YYYY-MM-DD，例如 2026-12-04。')
    await t.client('u2', 'g1').shouldReply('推送 预览 2026-12-04', /^「推送 预览」仅限管理员/)
    await t.client('u2', 'g1').shouldReply('推送 记录', /^「推送 记录」仅限管理员/)
    expect(await t.app.database.get('pufa_tip_pick', {})).toEqual([])
  })
})

describe('普法日历', () => {
  it('lists coming key dates with days remaining', async () => {
    const [reply] = await t.client('u2', 'g1').receive('普法日历')
    expect(reply).toMatch(/^今后 60 天的普法节点（今天 2026-11-22）：\n· 11月1日—30日 消防宣传月，正在进行\n· 12月1日—7日 宪法宣传周，还有 9 天（日期按往年惯例，以当年通知为准）\n· 12月2日 全国交通安全日，还有 10 天\n· 12月4日 国家宪法日，还有 12 天\n/)
  })

  it('lists a month, next year when the month has passed', async () => {
    const [reply] = await t.client('u2', 'g1').receive('普法日历 4月')
    expect(reply).toMatch(/^2027年4月 的普法节点：\n/)
    expect(reply).toContain('· 4月15日 全民国家安全教育日，还有 144 天')
    await t.client('u2', 'g1').shouldReply('普法日历 13月', '月份“13月”看不懂。请写成 12、12月、2026-12 或 2026年12月。')
  })
})

describe('help', () => {
  it('every command has help text', async () => {
    for (const command of ['订阅', '退订', '今日普法', '普法日历', '推送']) {
      const [reply] = await t.admin('g1').receive(`help ${command}`)
      expect(reply, command).toMatch(/\S/)
      // No locale key left untranslated (the ASCII aliases such as pufa-now are fine).
      expect(reply, command).not.toMatch(/commands\.|pufa-[a-z]+\./)
    }
    const [subscribe] = await t.admin('g1').receive('help 订阅')
    expect(subscribe).toContain('为本群订阅每日一法和重要节点推送（管理员）')
    expect(subscribe).toContain('只在工作日推送')
  })

  it('shows a subcommand\'s help when it is written with a space', async () => {
    const [add] = await t.admin('g1').receive('help 单位 添加')
    expect(add).toContain('添加单位（管理员）')
    expect(add).toContain('例：单位 添加 城关镇 -k 乡镇/街道')
    const [preview] = await t.admin('g1').receive('help 推送 预览')
    expect(preview).toContain('预览本群某天会收到的推送（管理员）')
    const [status] = await t.admin('g1').receive('help 订阅 状态')
    expect(status).toContain('查看本群的订阅设置（管理员）')
    // A parent with words that name no subcommand still gets the parent's help.
    const [parent] = await t.admin('g1').receive('help 订阅 随便')
    expect(parent).toContain('为本群订阅每日一法和重要节点推送（管理员）')
  })

  it('names a refused subcommand as people type it', async () => {
    await t.client('u2', 'g1').shouldReply('推送 预览', /^「推送 预览」仅限管理员/)
  })
})
