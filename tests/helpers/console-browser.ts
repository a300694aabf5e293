import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, expect, vi } from 'vitest'
import { BrowserContext, chromium } from 'playwright-core'
import { Context } from 'koishi'
import { Report } from '../../plugins/reports/src/models'
import { buildClient } from '../../plugins/console-page/src/build-client'
import { at } from './bot'
import { tempDatabase } from './db-dir'
import { ConsoleClient, PASSWORD_ENV, startProfile } from './profile'

/**
 * The 普法台账 page in a real browser (Debian's chromium), against the production profile:
 * the console with its login, the page served from the build `npm start` makes, and reports
 * seeded through the write path every report takes.
 */

export type Seed = Pick<Report, 'date' | 'participants' | 'materials'> & Partial<Pick<Report, 'theme' | 'keyDate' | 'photos'>> & {
  unit: string
  withdrawn?: boolean
}

/** The smallest PNG: one red pixel. */
export const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64')
export const PHOTOS = ['a1.png', 'b2.png', 'c3.png']

export const SEEDS: Seed[] = [
  { unit: '城关镇', date: '2026-01-12', participants: 120, materials: 300, photos: PHOTOS.slice(0, 2) },
  { unit: '城关镇', date: '2026-03-05', participants: 60, materials: 80 },
  { unit: '城关镇', date: '2026-06-20', participants: 45, materials: 0, photos: PHOTOS.slice(2) },
  { unit: '城关镇', date: '2026-05-02', participants: 999, materials: 999, withdrawn: true },
  { unit: '县公安局', date: '2026-02-01', participants: 800, materials: 1500, theme: '反诈', keyDate: 'police-day' },
  { unit: '县公安局', date: '2026-06-28', participants: 30, materials: 40 },
  { unit: '县教育局', date: '2026-04-15', participants: 400, materials: 200, theme: '民法典' },
  { unit: '县教育局', date: '2025-12-20', participants: 700, materials: 700 },
]

export const TODAY = '2026-07-01'
export const YEAR = SEEDS.filter(s => !s.withdrawn && s.date.startsWith('2026'))

/** Independent sums over the given seeds (those of 今年 by default). */
export const sum = (field: 'participants' | 'materials', seeds = YEAR) => seeds.reduce((total, s) => total + s[field], 0)

const BROWSER_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
]

/** Sizes the page must read at. */
export const LAPTOP = { width: 1366, height: 768 }
export const TABLET = { width: 768, height: 1024 }

/**
 * Starts the production profile with the seeds and a browser for one spec file, and stops
 * both after it; the returned object is filled in once the spec's beforeAll has run.
 */
export function consoleBrowser() {
  const password = randomBytes(12).toString('hex')
  const temp = tempDatabase()
  const dir = dirname(temp.file)
  const profileDir = mkdtempSync(join(tmpdir(), 'pufa-chromium-'))
  const saved = process.env[PASSWORD_ENV]
  const clients: ConsoleClient[] = []
  let started: Awaited<ReturnType<typeof startProfile>>
  let browser: BrowserContext

  const env = {
    app: undefined as unknown as Context,
    http: '',
    dir,
    /** Report ids by seed index. */
    reportIds: [] as number[],

    /** A browser page logged in as the admin, on the 普法台账 page. */
    async loggedIn(size: { width: number; height: number }) {
      const page = await browser.newPage()
      await page.setViewportSize(size)
      await page.goto(`${env.http}/login`)
      await page.getByPlaceholder('用户名').fill('admin')
      await page.getByPlaceholder('密码').fill(password)
      await page.getByRole('button', { name: '登录' }).click()
      // Logged in, the console moves on to the account's profile.
      await page.getByText('登录历史').waitFor()
      // Within the page, as the menu does: a reload would log in again with the saved token only if
      // the browser's clock (real) agreed with the server's (fixed by the test) on its expiry.
      await page.evaluate(`history.pushState({}, '', '/pufa-ledger'); dispatchEvent(new PopStateEvent('popstate'))`)
      return page
    },

    /** A websocket client of the console, not logged in. */
    async connect() {
      const client = await ConsoleClient.open(started.url)
      clients.push(client)
      return client
    },

    /** A console client logged in as a new account of the given authority, through a login token. */
    async loggedInAs(authority: number) {
      const user = await env.app.database.create('user', { name: `account${authority}-${randomBytes(3).toString('hex')}`, authority })
      const token = randomBytes(16).toString('hex')
      await env.app.database.create('token', {
        id: user.id, type: 'password', token, expiredAt: Date.now() + 3600_000, createdAt: new Date(), lastUsedAt: new Date(), userAgent: '', address: '',
      })
      const client = await env.connect()
      expect(await client.call('login/token', user.id, token)).toEqual({ value: undefined })
      return client
    },
  }

  beforeAll(async () => {
    // Only Date is faked, and it keeps running: the server's "today" is fixed, sockets and timers are real.
    vi.useFakeTimers({ now: at(`${TODAY} 10:00`), toFake: ['Date'], shouldAdvanceTime: true })
    process.env[PASSWORD_ENV] = password
    await buildClient()
    started = await startProfile(dir, ['console', 'auth', 'pufaLedger'])
    env.app = started.app
    env.http = started.http
    // The page's plugin starts after the services it needs; on a loaded machine, some time after them.
    await vi.waitUntil(() => 'pufa-console/overview' in env.app.console.listeners, { timeout: 60_000, interval: 50 })
    const attachments = join(dir, 'attachments')
    mkdirSync(attachments, { recursive: true })
    for (const name of PHOTOS) writeFileSync(join(attachments, name), PIXEL)
    const units = new Map((await env.app.database.get('pufa_unit', {})).map(unit => [unit.name, unit.id]))
    for (const [index, seed] of SEEDS.entries()) {
      const { unit, withdrawn, ...fields } = seed
      const report = await env.app.pufaReports.audit('create', 'seed', null, db => db.create('pufa_report', {
        theme: '宪法', keyDate: '', photos: [], ...fields, unitId: units.get(unit)!, title: `活动${index + 1}`, place: '', form: '讲座',
        status: withdrawn ? 'withdrawn' : 'active', source: 'line', createdBy: 'seed', createdAt: new Date(), updatedAt: new Date(),
      }))
      env.reportIds.push(report.id)
    }
    // A new profile folder each run (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(profileDir, { executablePath: '/usr/bin/chromium', args: BROWSER_FLAGS })
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

  return env
}
