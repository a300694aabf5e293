// ctx.pufaDelivery.sendOnce: the delivery log's rules for a message that must go out once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { OnceMessage } from '../plugins/push/src'
import { at, createBot, TestBot } from './helpers/bot'

let t: TestBot

beforeEach(async () => {
  vi.useFakeTimers()
  vi.setSystemTime(at('2026-12-20 10:00'))
  t = await createBot()
})

afterEach(async () => {
  await t.dispose()
  vi.useRealTimers()
})

const message = (fields: Partial<OnceMessage> = {}): OnceMessage => ({
  key: 'test:2026-12-20:mock:private:u1', kind: 'notice', item: '城关镇', date: '2026-12-20', platform: 'mock', userId: 'u1', content: '提示', ...fields,
})
const rows = () => t.app.database.get('pufa_delivery', {}, { sort: { id: 'asc' } })

describe('sendOnce', () => {
  it('sends a private message once, recorded under private:<userId>', async () => {
    expect(await t.app.pufaDelivery.sendOnce(message())).toBe('sent')
    expect(await t.app.pufaDelivery.sendOnce(message())).toBe('done')
    expect(t.bot.to('private:u1')).toEqual(['提示'])
    expect((await rows()).map(row => [row.channelId, row.attempt, row.status, row.kind])).toEqual([['private:u1', 1, 'sent', 'notice']])
  })

  it('records a send that does not answer as unknown and never sends it again', async () => {
    t.bot.silent.add('g1')
    const sending = t.app.pufaDelivery.sendOnce(message({ userId: undefined, channelId: 'g1' }))
    await vi.advanceTimersByTimeAsync(30_000)
    expect(await sending).toBe('unknown')
    t.bot.silent.clear()
    expect(await t.app.pufaDelivery.sendOnce(message({ userId: undefined, channelId: 'g1' }))).toBe('done')
    expect(t.bot.to('g1')).toEqual([])
    expect((await rows()).map(row => [row.status, row.error])).toEqual([['unknown', 'timeout']])
  })

  it('retries a failure at its retry time, or at once when asked', async () => {
    t.bot.rejecting.set('private:u1', 'blocked')
    expect(await t.app.pufaDelivery.sendOnce(message())).toBe('failed')
    t.bot.rejecting.clear()
    vi.setSystemTime(at('2026-12-20 10:00').getTime() + 59_000)
    expect(await t.app.pufaDelivery.sendOnce(message())).toBe('later')
    vi.setSystemTime(at('2026-12-20 10:01'))
    expect(await t.app.pufaDelivery.sendOnce(message())).toBe('sent')
    expect((await rows()).map(row => [row.attempt, row.status])).toEqual([[1, 'failed'], [2, 'sent']])
    t.bot.rejecting.set('private:u2', 'blocked')
    expect(await t.app.pufaDelivery.sendOnce(message({ key: 'k2', userId: 'u2' }))).toBe('failed')
    t.bot.rejecting.clear()
    expect(await t.app.pufaDelivery.sendOnce(message({ key: 'k2', userId: 'u2', retryNow: true }))).toBe('sent')
  })

  it('leaves a send another instance holds, and settles one that crashed mid-send as unknown', async () => {
    const row = { key: 'k3', attempt: 1, date: '2026-12-20', kind: 'notice', item: '', content: '', platform: 'mock', channelId: 'private:u1', status: 'sending' as const, instance: 'other', claimedAt: new Date(), messageIds: [], error: '' }
    await t.app.database.create('pufa_delivery', row)
    expect(await t.app.pufaDelivery.sendOnce(message({ key: 'k3' }))).toBe('busy')
    // sendTimeout + claimLease later, the other instance has not reported back: it died.
    vi.setSystemTime(Date.now() + 150_000)
    expect(await t.app.pufaDelivery.sendOnce(message({ key: 'k3' }))).toBe('done')
    expect(t.bot.to('private:u1')).toEqual([])
    expect((await rows()).map(row => [row.status, row.error])).toEqual([['unknown', 'crashed']])
  })

  it('writes nothing when no bot of the platform can send', async () => {
    expect(await t.app.pufaDelivery.sendOnce(message({ platform: 'onebot' }))).toBe('no-bot')
    expect(await rows()).toEqual([])
  })
})
