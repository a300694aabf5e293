// A period anyone can type is bounded: 2026-01-01~9999-12-31 once made the ledger name
// thousands of kept-total keys in one query, which crashed the embedded SQLite for good.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { at, createBot, TestBot } from './helpers/bot'
import { bindOfficer } from './helpers/reports'

let t: TestBot

beforeEach(async () => {
  vi.useFakeTimers({ now: at('2026-12-10 10:00'), toFake: ['Date'] })
  t = await createBot()
  await bindOfficer(t, 'o1', '城关镇')
  expect((await t.client('o1', 'g1').receive('报送 宪法宣讲 -d 2026-12-04 -p 300 -m 50'))[0]).toMatch(/^已登记 #1｜/)
})

afterEach(async () => {
  await t.dispose()
  vi.useRealTimers()
})

const refusal = (input: string) => `期间“${input}”超出了可查范围：台账只能查 2000-01-01 至 2027-12-31 之间的日期，请把起止日期写在这个范围内。`

describe('periods outside 2000 to next year', () => {
  it.each([
    ['o1', '台账 2026-01-01~9999-12-31'],
    ['o1', '台账 2026年1月1日至9999年12月31日'],
    ['o1', '未报送 1900-01-01~2026-12-31'],
    ['admin', '台账 1900-01-01~9999-12-31'],
    ['admin', '未报送 1900-01-01~2026-12-31'],
    ['admin', '催报 1999-01-01~2026-12-31'],
    ['admin', '导出 2026-01-01~9999-12-31'],
    ['admin', '台账 1999'],
    ['admin', '台账 2026-12-01~2028-01-31 -u 城关镇'],
  ])('%s: %s is refused with the bounds, and the next command works', async (user, command) => {
    const input = command.replace(/^\S+ /, '').replace(/ -u .*$/, '')
    expect(await t.client(user, 'g1').receive(command)).toEqual([refusal(input)])
    expect((await t.client(user, 'g1').receive('台账 本月'))[0].split('\n')[0]).toBe('2026年12月台账：1 个单位报送 1 场，参与 300 人次，发放资料 50 份')
  })

  it('answers the widest period it allows, from the kept totals', async () => {
    expect((await t.admin('g1').receive('台账 2000-01-01~2027-12-31'))[0].split('\n').slice(0, 2)).toEqual([
      '2000-01-01~2027-12-31台账：1 个单位报送 1 场，参与 300 人次，发放资料 50 份',
      '1. 城关镇　1场｜300人次｜50份｜最近 12-04',
    ])
    expect((await t.admin('g1').receive('未报送 2000-01-01~2027-12-31'))[0]).toMatch(/^2000-01-01~2027-12-31未报送 \d+ 个单位（共 \d+ 个）：/)
  })
})
