import { describe, expect, it } from 'vitest'
import { Delivery } from '../plugins/push/src/models'
import { at } from './helpers/bot'
import { consoleBrowser, TABLET, TODAY } from './helpers/console-browser'

/** The page's 推送 tab: a day's delivery log by group, the subscriptions, and a preview of any date. */
describe('the 普法台账 page\'s pushes', () => {
  const env = consoleBrowser()

  async function seed() {
    const db = env.app.database
    const sub = { guildId: '', selfId: 'bot', tips: true, dates: true, reminders: false, workdays: true, proactive: 'yes' as const, createdBy: 'seed', createdAt: new Date(), updatedAt: new Date() }
    await db.create('pufa_subscription', { platform: 'onebot', channelId: '500', time: 510, ...sub })
    await db.create('pufa_subscription', { platform: 'lark', channelId: 'oc_9', time: 600, ...sub, workdays: false })
    const row = (channelId: string, platform: string, status: Delivery['status'], error = '', attempt = 1): Partial<Delivery> => ({
      key: [TODAY, 'tip', 'daily', platform, channelId].join('|'), attempt, date: TODAY, kind: 'tip', item: 'daily', content: 'daily',
      platform, channelId, status, instance: 'x', claimedAt: at(`${TODAY} 08:30`), finishedAt: at(`${TODAY} 08:31`), nextAttemptAt: null!, messageIds: [], error,
    })
    await db.create('pufa_delivery', row('500', 'onebot', 'failed', 'HTTP 500 from the platform', 1))
    await db.create('pufa_delivery', row('500', 'onebot', 'sent', '', 2))
    await db.create('pufa_delivery', row('oc_9', 'lark', 'unknown', 'timeout'))
  }

  it('gives a client that has not logged in nothing', async () => {
    const client = await env.connect()
    expect(await client.call('pufa-console/pushes', '')).toEqual({ error: 'unauthorized' })
    expect(await client.call('pufa-console/preview', 'onebot', '500', '2026-12-04')).toEqual({ error: 'unauthorized' })
  })

  it('shows today\'s log per group, the subscriptions, and a preview of a date', async () => {
    await seed()
    const page = await env.loggedIn(TABLET)
    await page.getByRole('tab', { name: '推送' }).click()
    await page.getByRole('heading', { name: `${TODAY} 各群推送结果` }).waitFor()
    // The latest attempt of each slot: the retry that went out, the send nobody answered.
    expect(await page.locator('.pufa-log-group[data-group="onebot:500"] tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/^每日一法\s+已发送（第 2 次）\s+2026-07-01 08:31/)])
    const lark = await page.locator('.pufa-log-group[data-group="lark:oc_9"] tbody tr').innerText()
    expect(lark).toContain('结果未知')
    expect(lark).toContain('发送超时，平台可能已送达，为免重复未自动重发')
    expect(await page.locator('.pufa-total[data-field="sent"] .pufa-total-value').innerText()).toBe('1')
    expect(await page.locator('.pufa-total[data-field="unknown"] .pufa-total-value').innerText()).toBe('1')
    expect(await page.locator('.pufa-pushes table').nth(2).innerText()).toMatch(/lark:oc_9\s+10:00/)

    await page.getByLabel('预览哪个群').selectOption({ label: 'onebot:500' })
    await page.getByLabel('预览日期').fill('2026-12-04')
    await page.getByRole('button', { name: '预览', exact: true }).click()
    await page.getByText('2026-12-04 的推送（08:30 推送）').waitFor()
    const parts = await page.locator('.pufa-message h3').allInnerTexts()
    expect(parts).toContain('节点内容')
    expect(await page.locator('.pufa-message-text').first().innerText()).toContain('宪法')

    // The failed attempt of onebot:500 stays in the database; only the latest shows.
    await page.getByLabel('日期', { exact: true }).fill('2026-07-02')
    await page.getByRole('button', { name: '查询' }).click()
    await page.getByText('这一天没有推送记录。').waitFor()
    await page.close()
  })
})
