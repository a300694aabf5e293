import { describe, expect, it } from 'vitest'
import { consoleBrowser, LAPTOP, PHOTOS, SEEDS, TABLET } from './helpers/console-browser'

/** The page's 单位 tab: a unit's activities, photos, officers and history; the register changed from the page. */
describe('the 普法台账 page\'s units', () => {
  const env = consoleBrowser()

  it('gives a client that has not logged in nothing and lets it change nothing', async () => {
    const client = await env.connect()
    const [unit] = await env.app.database.get('pufa_unit', { name: '城关镇' })
    const calls: [string, ...unknown[]][] = [
      ['pufa-console/units'],
      ['pufa-console/unit', unit.id],
      ['pufa-console/photo', env.reportIds[0], PHOTOS[0]],
      ['pufa-console/add-unit', '闯入镇', '其他'],
      ['pufa-console/stop-unit', unit.id],
      ['pufa-console/invite', unit.id],
    ]
    for (const [event, ...args] of calls) expect(await client.call(event, ...args), event).toEqual({ error: 'unauthorized' })
    const reader = await env.loggedInAs(2)
    for (const [event, ...args] of calls) expect(await reader.call(event, ...args), event).toEqual({ error: 'unauthorized' })
    expect(await env.app.database.get('pufa_unit', { name: '闯入镇' })).toEqual([])
    expect((await env.app.database.get('pufa_unit', { id: unit.id }))[0].active).toBe(true)
    expect(await env.app.database.get('pufa_invite', {})).toEqual([])
  })

  it('reads a photo only if the report lists it', async () => {
    const admin = await env.loggedInAs(3)
    const { value } = await admin.call('pufa-console/photo', env.reportIds[0], PHOTOS[0])
    expect(value).toBe(`data:image/png;base64,${(await import('./helpers/console-browser')).PIXEL.toString('base64')}`)
    // c3.png is stored, but belongs to another report; the database file is not a photo at all.
    expect(await admin.call('pufa-console/photo', env.reportIds[0], PHOTOS[2])).toEqual({ value: null })
    expect(await admin.call('pufa-console/photo', env.reportIds[0], '../koishi.db')).toEqual({ value: null })
  })

  it('shows a unit\'s activities with their photos, and its history', async () => {
    const [unit] = await env.app.database.get('pufa_unit', { name: '城关镇' })
    await env.app.database.create('pufa_officer', { aid: 9001, unitId: unit.id, platform: 'onebot', userId: '10001', name: '张联络', boundAt: new Date() })
    const page = await env.loggedIn(LAPTOP)
    await page.getByRole('tab', { name: '单位' }).click()
    await page.getByRole('button', { name: /^城关镇 / }).click()
    await page.getByRole('heading', { name: '城关镇（乡镇/街道）' }).waitFor()

    const active = SEEDS.filter(s => s.unit === '城关镇' && !s.withdrawn).sort((a, b) => b.date.localeCompare(a.date))
    const titles = await page.locator('.pufa-activity-title strong').allInnerTexts()
    expect(titles).toEqual(active.map(s => `活动${SEEDS.indexOf(s) + 1}`))
    // Three thumbnails, each drawn from the photo's bytes.
    await expect.poll(() => page.locator('img.pufa-thumb').count()).toBe(3)
    expect(await page.locator('img.pufa-thumb').first().getAttribute('src')).toMatch(/^data:image\/png;base64,/)

    expect(await page.locator('.pufa-unit-detail table').first().innerText()).toContain('张联络')
    // Every report of the unit came in once, the withdrawn one too.
    expect(await page.locator('.pufa-history tbody tr').count()).toBe(SEEDS.filter(s => s.unit === '城关镇').length)
    await page.close()
  })

  it('adds a unit, refuses a bad name with the command\'s words, invites and stops', async () => {
    const page = await env.loggedIn(TABLET)
    page.on('dialog', dialog => dialog.accept())
    await page.getByRole('tab', { name: '单位' }).click()
    const name = page.getByPlaceholder('新单位名称', { exact: false })

    await name.fill('城关 镇')
    await page.getByRole('button', { name: '添加单位' }).click()
    await expect.poll(() => page.locator('.pufa-reply').innerText()).toBe('单位名称不能含空格。')
    expect(await env.app.database.get('pufa_unit', { name: '城关 镇' })).toEqual([])

    await name.fill('新华街道')
    await page.getByLabel('单位类型').selectOption('乡镇/街道')
    await page.getByRole('button', { name: '添加单位' }).click()
    await expect.poll(() => page.locator('.pufa-reply').innerText()).toBe('已添加单位：新华街道（乡镇/街道）。')
    const [added] = await env.app.database.get('pufa_unit', { name: '新华街道' })
    expect(added).toMatchObject({ kind: '乡镇/街道', active: true })

    await page.getByRole('button', { name: /^新华街道 / }).click()
    await page.getByRole('button', { name: '生成邀请码' }).click()
    const code = await page.locator('.pufa-code').innerText()
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/)
    const [invite] = await env.app.database.get('pufa_invite', { unitId: added.id })
    expect(invite).toMatchObject({ code: code.replace(/-/g, ''), createdBy: 'console:admin', usedBy: '' })

    await page.getByRole('button', { name: '停用单位' }).click()
    await page.getByText('已停用“新华街道”', { exact: false }).waitFor()
    expect((await env.app.database.get('pufa_unit', { id: added.id }))[0].active).toBe(false)
    await page.close()
  })
})
