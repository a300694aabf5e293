// Koishi stores a user and a group the first time it sees them, by reading and then
// inserting: several first messages at once must all be answered, with one row each.
import { Logger } from 'koishi'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBot, TestBot } from './helpers/bot'

let t: TestBot
let errors: string[]
const target: Logger.Target = { colors: 0, record: record => void (record.type === 'error' && errors.push(record.content)) }

beforeEach(async () => {
  errors = []
  Logger.targets.push(target)
  t = await createBot()
})

afterEach(async () => {
  Logger.targets.splice(Logger.targets.indexOf(target), 1)
  await t.dispose()
})

describe('first contact', () => {
  it('answers every one of several first messages from a new member in a new group', async () => {
    const replies = await Promise.all(Array.from({ length: 8 }, () => t.client('newcomer', 'new-group').receive('台账')))
    expect(replies).toEqual(Array(8).fill(['台账只对普法办管理员和各单位联络员开放。联络员请先用「绑定 邀请码」绑定单位。']))
    expect(await t.app.database.get('binding', { platform: 'mock', pid: 'newcomer' })).toHaveLength(1)
    expect(await t.app.database.get('channel', { platform: 'mock', id: 'new-group' })).toHaveLength(1)
    // No user row is left without its binding.
    const users = await t.app.database.get('user', {})
    const bound = new Set((await t.app.database.get('binding', {})).map(binding => binding.aid))
    expect(users.filter(user => !bound.has(user.id))).toEqual([])
    expect(errors).toEqual([])
  })
})
