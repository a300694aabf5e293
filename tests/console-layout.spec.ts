import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Page } from 'playwright-core'
import { at } from './helpers/bot'
import { consoleBrowser, LAPTOP, TABLET, TODAY } from './helpers/console-browser'

/**
 * Every tab of the page at laptop and tablet width: nothing runs off the side, and a
 * screenshot of each. `npm run screenshots` keeps them in docs/console for the README;
 * otherwise they go to a temp folder and are thrown away.
 */
const KEEP = process.env.PUFA_SCREENSHOTS
const TABS: [string, string, (page: Page) => Promise<unknown>][] = [
  ['overview', '总览', async (page) => {
    await page.getByRole('button', { name: '今年' }).click()
    await page.locator('[data-chart="themes"] canvas').waitFor()
  }],
  ['units', '单位', async (page) => {
    await page.getByRole('button', { name: /^城关镇 / }).click()
    await page.locator('img.pufa-thumb').first().waitFor()
  }],
  ['missing', '未报送', page => page.locator('.pufa-missing').waitFor()],
  ['pushes', '推送', page => page.locator('.pufa-log-group').first().waitFor()],
  ['downloads', '下载', page => page.locator('.pufa-download').first().waitFor()],
]

describe('the 普法台账 page\'s layout', () => {
  const env = consoleBrowser()
  const dir = KEEP ? resolve(KEEP) : mkdtempSync(join(tmpdir(), 'pufa-screens-'))

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true })
    const db = env.app.database
    await db.create('pufa_subscription', {
      platform: 'onebot', channelId: '500', guildId: '', selfId: 'bot', time: 510, tips: true, dates: true, reminders: true, workdays: true,
      proactive: 'yes', createdBy: 'seed', createdAt: new Date(), updatedAt: new Date(),
    })
    await db.create('pufa_delivery', {
      key: `${TODAY}|tip|daily|onebot|500`, attempt: 1, date: TODAY, kind: 'tip', item: 'daily', content: 'daily', platform: 'onebot', channelId: '500',
      status: 'sent', instance: 'x', claimedAt: at(`${TODAY} 08:30`), finishedAt: at(`${TODAY} 08:30`), nextAttemptAt: null!, messageIds: ['1'], error: '',
    })
  })
  afterAll(() => {
    if (!KEEP) rmSync(dir, { recursive: true, force: true })
  })

  for (const [name, size] of [['laptop', LAPTOP], ['tablet', TABLET]] as const) {
    it(`reads at ${name} width (${size.width}×${size.height})`, async () => {
      const page = await env.loggedIn(size)
      // Without the login's welcome toast.
      await page.locator('.el-message').waitFor({ state: 'detached' })
      for (const [key, label, ready] of TABS) {
        await page.getByRole('tab', { name: label }).click()
        await ready(page)
        // Nothing wider than the page: wide tables scroll inside their own box.
        const overflow = await page.evaluate(`(() => { const el = document.querySelector('.pufa-page'); return el.scrollWidth - el.clientWidth })()`)
        expect(overflow, `${key} at ${name}`).toBeLessThanOrEqual(0)
        const file = join(dir, `${key}-${name}.png`)
        await page.screenshot({ path: file })
        expect(statSync(file).size).toBeGreaterThan(10_000)
      }
      await page.close()
    })
  }
})
