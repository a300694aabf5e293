import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ForkScope } from 'koishi'
import { PlatformBot } from './helpers/bot'
import { consoleBrowser, LAPTOP } from './helpers/console-browser'

/** The page's 未报送 tab and its 催报 button, through the ledger's exactly-once 催报. */
describe('the 普法台账 page\'s 未报送', () => {
  const env = consoleBrowser()
  let fork: ForkScope
  let bot: PlatformBot

  const DIRECT = (unit: string) => `【催报】${unit}在2026年7月还没有报送普法活动，请用「报送」登记（可发整段文字或照片）。`

  beforeAll(async () => {
    // The platform's edge: a mock bot that records what officers receive.
    fork = env.app.plugin(PlatformBot, { selfId: '514' })
    bot = env.app.bots.find(b => b.platform === 'mock') as unknown as PlatformBot
    const units = new Map((await env.app.database.get('pufa_unit', {})).map(unit => [unit.name, unit.id]))
    await env.app.database.create('pufa_officer', { aid: 9101, unitId: units.get('城关镇')!, platform: 'mock', userId: 'o1', name: '张一', boundAt: new Date() })
    await env.app.database.create('pufa_officer', { aid: 9102, unitId: units.get('县公安局')!, platform: 'mock', userId: 'o2', name: '李二', boundAt: new Date() })
  })

  // Before the app stops: stopping it with the bot attached trips over satori's teardown.
  afterAll(() => fork?.dispose())

  it('gives a client that has not logged in nothing, and chases no one for it', async () => {
    const client = await env.connect()
    expect(await client.call('pufa-console/missing', '本月', '')).toEqual({ error: 'unauthorized' })
    expect(await client.call('pufa-console/chase', '本月', '')).toEqual({ error: 'unauthorized' })
    expect(bot.outbox).toEqual([])
  })

  it('lists the silent units and chases their officers once, however often 催报 is clicked', async () => {
    const active = await env.app.database.get('pufa_unit', { active: true })
    const page = await env.loggedIn(LAPTOP)
    await page.getByRole('tab', { name: '未报送' }).click()
    // Nobody has reported in July yet.
    await page.getByRole('heading', { name: `2026年7月：${active.length} 个单位还没有报送（在册 ${active.length} 个）` }).waitFor()
    expect(await page.locator('.pufa-missing tbody tr').count()).toBe(active.length)
    expect(await page.locator('.pufa-missing tbody tr', { hasText: '城关镇' }).first().innerText()).toContain('张一')

    const button = page.getByRole('button', { name: '催报' })
    await button.click()
    await page.getByText('已私信提醒 2 位联络员。').waitFor()
    await button.click()
    await page.getByText('今天已催报过，不再重复：城关镇（张一）、县公安局（李二）。', { exact: false }).waitFor()
    // And from a second admin's page at the same time.
    const admin = await env.loggedInAs(3)
    await Promise.all([admin.call('pufa-console/chase', '本月', ''), admin.call('pufa-console/chase', '本月', '')])

    expect(bot.to('private:o1')).toEqual([DIRECT('城关镇')])
    expect(bot.to('private:o2')).toEqual([DIRECT('县公安局')])
    const rows = await env.app.database.get('pufa_delivery', { kind: 'chase' })
    expect(rows.map(row => [row.channelId, row.attempt, row.status]).sort()).toEqual([['private:o1', 1, 'sent'], ['private:o2', 1, 'sent']])
    await page.close()
  })

  it('narrows to a key date as 台账 -n does', async () => {
    const admin = await env.loggedInAs(3)
    // 县公安局's 2 月 report is tagged 中国人民警察节: for that key date it is not silent.
    const { value } = await admin.call('pufa-console/missing', '今年', 'police-day')
    const names = value.missing.units.map((unit: { name: string }) => unit.name)
    expect(names).not.toContain('县公安局')
    expect(names).toContain('城关镇')
    expect((await admin.call('pufa-console/missing', '今年', '')).value.missing.units.map((unit: { name: string }) => unit.name)).not.toContain('城关镇')
  })
})
