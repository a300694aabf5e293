import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { at, createBot, TestBot } from './helpers/bot'

let t: TestBot

beforeEach(() => {
  vi.useFakeTimers({ now: at('2026-12-04 08:00') })
})

afterEach(async () => {
  await t?.dispose()
  vi.useRealTimers()
})

describe('daily push', () => {
  it('arrives at the group time and not before', async () => {
    t = await createBot()
    await t.admin('g1').shouldReply('订阅 -t 08:30', /^已为本群订阅。/)
    await vi.advanceTimersByTimeAsync(29 * 60_000)
    expect(t.bot.to('g1')).toEqual([])
    await vi.advanceTimersByTimeAsync(60_000)
    const sent = t.bot.to('g1')
    expect(sent).toHaveLength(2)
    expect(sent[0]).toMatch(/^【国家宪法日】/)
    expect(sent[1]).toMatch(/^【每日一法】/)
  })
})
