import { describe, expect, it } from 'vitest'
import { Page } from 'playwright-core'
import { consoleBrowser, LAPTOP, sum, TABLET, YEAR } from './helpers/console-browser'

/** The 普法台账 page's overview: totals, charts and the unit table, and who may read them. */
describe('the 普法台账 console page', () => {
  const env = consoleBrowser()
  const { loggedIn, connect, loggedInAs } = env

  const total = (page: Page, field: string) => page.locator(`.pufa-total[data-field="${field}"] .pufa-total-value`).innerText()
  const column = (page: Page, name: string) => page.locator(`.pufa-units tbody td[data-column="${name}"]`).allInnerTexts()

  it('gives a client that has not logged in no figures', async () => {
    const client = await connect()
    expect(await client.call('pufa-console/overview', '今年')).toEqual({ error: 'unauthorized' })
  })

  it('guards every call of the page with the admin authority', async () => {
    const events = Object.entries(env.app.console.listeners).filter(([event]) => event.startsWith('pufa-console/'))
    expect(events.map(([event]) => event).sort()).toEqual([
      'add-unit', 'chase', 'download', 'invite', 'missing', 'overview', 'photo', 'preview', 'pushes', 'stop-unit', 'unit', 'units',
    ].map(event => `pufa-console/${event}`))
    for (const [event, listener] of events) expect(listener.authority, event).toBe(3)
    // Without a login, each of them answers nothing but the refusal.
    const client = await connect()
    for (const [event] of events) expect(await client.call(event), event).toEqual({ error: 'unauthorized' })
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

  it('puts the year at a glance on the console\'s home page, with a link to the page', async () => {
    const page = await loggedIn(LAPTOP)
    await page.evaluate(`history.pushState({}, '', '/'); dispatchEvent(new PopStateEvent('popstate'))`)
    const card = page.locator('.pufa-home-card')
    await card.waitFor()
    const active = (await env.app.database.get('pufa_unit', { active: true })).length
    const reported = new Set(YEAR.map(s => s.unit)).size
    expect(await card.locator('h2').innerText()).toBe('2026年普法工作')
    expect(await card.locator('[data-line="year"]').innerText()).toBe(`报送单位 ${reported} / ${active} 个，开展活动 ${YEAR.length} 场次，`
      + `参与 ${sum('participants').toLocaleString('zh-CN')} 人次，发放资料 ${sum('materials').toLocaleString('zh-CN')} 份。`)
    // No seed is dated July: every unit is still to report this month.
    expect(await card.locator('[data-line="month"]').innerText()).toBe(`2026年7月还有 ${active} 个单位没有报送。`)
    await card.getByText('打开普法台账').click()
    await page.getByRole('heading', { name: '2026年7月普法台账' }).waitFor()
  })

  it('shows the admin the year\'s totals, a chart and a table that sorts', async () => {
    const page = await loggedIn(LAPTOP)
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
    expect(names).toHaveLength((await env.app.database.get('pufa_unit', { active: true })).length)


    await page.locator('.pufa-units th[data-column="participants"]').click()
    expect((await column(page, 'name')).slice(0, 3)).toEqual(['县公安局', '县教育局', '城关镇'])
    expect((await column(page, 'participants')).slice(0, 3)).toEqual(['830', '400', '225'])
    await page.locator('.pufa-units th[data-column="participants"]').click()
    expect((await column(page, 'participants')).at(-1)).toBe('830')
    await page.close()
  })

  it('reads a typed period as 台账 does, and says what is wrong with one it cannot read', async () => {
    const page = await loggedIn(TABLET)
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
    await page.close()
  })
})
