// Every command keeps an ASCII alias for keyboards without Chinese input. Koishi reads a dot
// in a command name as a subcommand path, so `pufa.ledger` never matched anything: the
// aliases are hyphenated, and each one must answer exactly as the Chinese name does.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as annual from '../plugins/annual-report/src'
import * as duties from '../plugins/duties/src'
import { at, createBot, TestBot } from './helpers/bot'

let t: TestBot

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(at('2026-12-02 10:00'))
  t = await createBot()
  t.app.plugin(duties)
  t.app.plugin(annual)
  await t.app.lifecycle.flush()
})

afterEach(async () => {
  await t.dispose()
  vi.useRealTimers()
})

describe('ASCII command aliases', () => {
  it('answer as the Chinese command does', async () => {
    const pairs = [
      ['pufa-calendar', '普法日历'],
      ['pufa-ledger 本月', '台账 本月'],
      ['pufa-missing 本月', '未报送 本月'],
      ['pufa-units 列表', '单位 列表'],
      ['pufa-report 查看', '报送 查看'],
      ['pufa-bind', '绑定'],
      ['pufa-status', '订阅 状态'],
    ]
    for (const [alias, name] of pairs) {
      const admin = t.admin('g1')
      const expected = await admin.receive(name)
      expect(expected, name).not.toEqual([])
      expect(await admin.receive(alias), alias).toEqual(expected)
    }
  })

  it('are all hyphenated, so each one resolves to its command', () => {
    const aliases = t.app.$commander._commandList.flatMap(command => Object.keys(command._aliases)
      .filter(alias => /^[\x20-\x7e]+$/.test(alias) && alias !== command.name)
      .map(alias => [alias, command.name]))
    expect(aliases.length).toBeGreaterThan(10)
    for (const [alias, name] of aliases) {
      expect(alias, name).not.toContain('.')
      expect(t.app.$commander.resolve(alias)?.name, alias).toBe(name)
    }
  })
})
