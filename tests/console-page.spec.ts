import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { BrowserContext, chromium, Page } from 'playwright-core'
import { Context } from 'koishi'
import { Report } from '../plugins/reports/src/models'
import { buildClient } from '../plugins/console-page/src/build-client'
import { at } from './helpers/bot'
import { tempDatabase } from './helpers/db-dir'
import { ConsoleClient, PASSWORD_ENV, startProfile } from './helpers/profile'

/**
 * The 普法台账 page in a real browser (Debian's chromium), against the production profile:
 * the console with its login, the page served from the build `npm start` makes, and reports
 * seeded through the write path every report takes.
 */

type Seed = Pick<Report, 'date' | 'participants' | 'materials'> & Partial<Pick<Report, 'theme' | 'keyDate'>> & { unit: string; withdrawn?: boolean }

const SEEDS: Seed[] = [
  { unit: '城关镇', date: '2026-01-12', participants: 120, materials: 300 },
  { unit: '城关镇', date: '2026-03-05', participants: 60, materials: 80 },
  { unit: '城关镇', date: '2026-06-20', participants: 45, materials: 0 },
  { unit: '城关镇', date: '2026-05-02', participants: 999, materials: 999, withdrawn: true },
  { unit: '县公安局', date: '2026-02-01', participants: 800, materials: 1500, theme: '反诈', keyDate: 'police-day' },
  { unit: '县公安局', date: '2026-06-28', participants: 30, materials: 40 },
  { unit: '县教育局', date: '2026-04-15', participants: 400, materials: 200, theme: '民法典' },
  { unit: '县教育局', date: '2025-12-20', participants: 700, materials: 700 },
]

const TODAY = '2026-07-01'
const YEAR = SEEDS.filter(s => !s.withdrawn && s.date.startsWith('2026'))

/** Independent sums over the seeds that count for 今年. */
const sum = (field: 'participants' | 'materials') => YEAR.reduce((total, s) => total + s[field], 0)

/** Set to a folder (docs) to keep screenshots of the page for the README. */
const SCREENSHOTS = process.env.PUFA_SCREENSHOTS

async function screenshot(page: Page, name: string) {
  if (!SCREENSHOTS) return
  // Without the login's welcome toast.
  await page.locator('.el-message').waitFor({ state: 'detached' })
  await page.screenshot({ path: join(SCREENSHOTS, `console-overview-${name}.png`) })
}

const BROWSER_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
]

describe('the 普法台账 console page', () => {
  const password = randomBytes(12).toString('hex')
  const temp = tempDatabase()
  const profileDir = mkdtempSync(join(tmpdir(), 'pufa-chromium-'))
  const saved = process.env[PASSWORD_ENV]
  let started: Awaited<ReturnType<typeof startProfile>>
  let app: Context
  let browser: BrowserContext
  const clients: ConsoleClient[] = []

  beforeAll(async () => {
    // Only Date is faked, and it keeps running: the server's "today" is fixed, sockets and timers are real.
    vi.useFakeTimers({ now: at(`${TODAY} 10:00`), toFake: ['Date'], shouldAdvanceTime: true })
    process.env[PASSWORD_ENV] = password
    await buildClient()
    started = await startProfile(dirname(temp.file), ['console', 'auth', 'pufaLedger'])
    app = started.app
    const units = new Map((await app.database.get('pufa_unit', {})).map(unit => [unit.name, unit.id]))
    for (const [index, seed] of SEEDS.entries()) {
      const { unit, withdrawn, ...fields } = seed
      await app.pufaReports.audit('create', 'seed', null, db => db.create('pufa_report', {
        theme: '宪法', keyDate: '', ...fields, unitId: units.get(unit)!, title: `活动${index + 1}`, place: '', form: '讲座',
        photos: [], status: withdrawn ? 'withdrawn' : 'active', source: 'line', createdBy: 'seed', createdAt: new Date(), updatedAt: new Date(),
      }))
    }
    // A new profile folder each run (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(profileDir, {
      executablePath: '/usr/bin/chromium',
      args: BROWSER_FLAGS,
    })
  })

  afterAll(async () => {
    await browser?.close()
    await Promise.all(clients.map(client => client.close()))
    await started?.stop()
    vi.useRealTimers()
    temp.remove()
    rmSync(profileDir, { recursive: true, force: true })
    if (saved === undefined) delete process.env[PASSWORD_ENV]
    else process.env[PASSWORD_ENV] = saved
  })

  async function loggedIn(width: number, height: number) {
    const page = await browser.newPage()
    await page.setViewportSize({ width, height })
    await page.goto(`${started.http}/login`)
    await page.getByPlaceholder('用户名').fill('admin')
    await page.getByPlaceholder('密码').fill(password)
    await page.getByRole('button', { name: '登录' }).click()
    // Logged in, the console moves on to the account's profile.
    await page.getByText('登录历史').waitFor()
    // Within the page, as the menu does: a reload would log in again with the saved token only if
    // the browser's clock (real) agreed with the server's (fixed by the test) on its expiry.
    await page.evaluate(`history.pushState({}, '', '/pufa-ledger'); dispatchEvent(new PopStateEvent('popstate'))`)
    return page
  }

  const total = (page: Page, field: string) => page.locator(`.pufa-total[data-field="${field}"] .pufa-total-value`).innerText()
  const column = (page: Page, name: string) => page.locator(`.pufa-units tbody td[data-column="${name}"]`).allInnerTexts()

  const connect = async () => {
    const client = await ConsoleClient.open(started.url)
    clients.push(client)
    return client
  }

  /** A console client logged in as a new account of the given authority, through a login token. */
  async function loggedInAs(authority: number) {
    const user = await app.database.create('user', { name: `account${authority}`, authority })
    const token = randomBytes(16).toString('hex')
    await app.database.create('token', {
      id: user.id, type: 'password', token, expiredAt: Date.now() + 3600_000, createdAt: new Date(), lastUsedAt: new Date(), userAgent: '', address: '',
    })
    const client = await connect()
    expect(await client.call('login/token', user.id, token)).toEqual({ value: undefined })
    return client
  }

  it('gives a client that has not logged in no figures', async () => {
    const client = await connect()
    expect(await client.call('pufa-console/overview', '今年')).toEqual({ error: 'unauthorized' })
  })

  it('gives figures to accounts of authority 3 and up only', async () => {
    const reader = await loggedInAs(2)
    expect(await reader.call('pufa-console/overview', '今年')).toEqual({ error: 'unauthorized' })
    const manager = await loggedInAs(3)
    const { value } = await manager.call('pufa-console/overview', '今年')
    expect(value.overview.totals).toEqual({ units: 3, count: YEAR.length, participants: sum('participants'), materials: sum('materials') })
    // By theme and by key date (named as the calendar names it), most activities first.
    const constitution = YEAR.filter(s => !s.theme)
    expect(value.overview.themes).toEqual([
      { name: '宪法', count: constitution.length, participants: constitution.reduce((n, s) => n + s.participants, 0), materials: constitution.reduce((n, s) => n + s.materials, 0) },
      { name: '反诈', count: 1, participants: 800, materials: 1500 },
      { name: '民法典', count: 1, participants: 400, materials: 200 },
    ])
    expect(value.overview.keyDates).toEqual([{ name: '中国人民警察节', count: 1, participants: 800, materials: 1500 }])
  })

  it('shows the admin the year\'s totals, a chart and a table that sorts', async () => {
    const page = await loggedIn(1366, 768)
    // 本月 first, as the page opens.
    await page.getByRole('heading', { name: '2026年7月普法台账' }).waitFor()
    await page.getByRole('button', { name: '今年' }).click()
    await page.getByRole('heading', { name: '2026年普法台账' }).waitFor()

    expect(await total(page, 'count')).toBe(String(YEAR.length))
    expect(await total(page, 'participants')).toBe(sum('participants').toLocaleString('zh-CN'))
    expect(await total(page, 'materials')).toBe(sum('materials').toLocaleString('zh-CN'))

    // ECharts has drawn each chart on a canvas: a good share of its pixels are painted.
    for (const chart of ['month', 'themes', 'keyDates']) {
      await page.locator(`[data-chart="${chart}"] canvas`).waitFor()
      // A string, as the test's TypeScript has no DOM types: painted pixels of the chart's canvas.
      const painted = await page.evaluate(`(() => {
        const canvas = document.querySelector('[data-chart="${chart}"] canvas')
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height)
        let count = 0
        for (let i = 3; i < data.length; i += 4) if (data[i]) count++
        return count
      })()`)
      expect(painted as number, chart).toBeGreaterThan(1000)
    }

    // Ranked as 台账 ranks (场次, then 人次), units with nothing last and marked.
    const names = await column(page, 'name')
    expect(names.slice(0, 3)).toEqual(['城关镇', '县公安局', '县教育局'])
    expect(names.slice(3).every(name => name.endsWith('未报送'))).toBe(true)
    expect(names).toHaveLength((await app.database.get('pufa_unit', { active: true })).length)

    await screenshot(page, 'laptop')

    await page.locator('.pufa-units th[data-column="participants"]').click()
    expect((await column(page, 'name')).slice(0, 3)).toEqual(['县公安局', '县教育局', '城关镇'])
    expect((await column(page, 'participants')).slice(0, 3)).toEqual(['830', '400', '225'])
    await page.locator('.pufa-units th[data-column="participants"]').click()
    expect((await column(page, 'participants')).at(-1)).toBe('830')
    await page.close()
  })

  it('reads a typed period as 台账 does, and says what is wrong with one it cannot read', async () => {
    const page = await loggedIn(820, 1180)
    await page.getByRole('heading', { name: '2026年7月普法台账' }).waitFor()
    const input = page.getByPlaceholder('其他期间', { exact: false })
    await input.fill('2026-02-01~2026-04-30')
    await page.getByRole('button', { name: '查询' }).click()
    await page.getByRole('heading', { name: '2026-02-01~04-30普法台账' }).waitFor()
    const spring = YEAR.filter(s => s.date >= '2026-02-01' && s.date <= '2026-04-30')
    expect(await total(page, 'count')).toBe(String(spring.length))
    expect(await total(page, 'participants')).toBe(spring.reduce((n, s) => n + s.participants, 0).toLocaleString('zh-CN'))

    await input.fill('2027年')
    await page.getByRole('button', { name: '查询' }).click()
    await expect.poll(() => page.locator('.pufa-problem').innerText()).toBe('期间“2027年”还没开始。')
    // The figures shown are still those of the last period read.
    await page.getByRole('heading', { name: '2026-02-01~04-30普法台账' }).waitFor()

    await input.fill('')
    await page.getByRole('button', { name: '今年' }).click()
    await page.getByRole('heading', { name: '2026年普法台账' }).waitFor()
    expect(await page.locator('.pufa-problem').count()).toBe(0)
    await screenshot(page, 'tablet')
    await page.close()
  })
})
