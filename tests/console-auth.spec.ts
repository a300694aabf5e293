import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import WebSocket from 'ws'
import { Context, ForkScope, Loader } from 'koishi'
import { MockBot } from '@koishijs/plugin-mock'
import {} from '@koishijs/plugin-auth'
import * as sandbox from '@koishijs/plugin-sandbox'
import {} from '@koishijs/plugin-server'
import { tempDatabase } from './helpers/db-dir'
import { ConsoleClient, entries, entry, nameOf, PASSWORD_ENV, PROFILE, startProfile } from './helpers/profile'

describe('the production profile file', () => {
  const profile = parse(readFileSync(PROFILE, 'utf8'))

  it('has no sandbox, not even disabled, and no sandbox admins', () => {
    const names = entries(profile.plugins).map(([key]) => nameOf(key))
    expect(names.filter(name => name.includes('sandbox'))).toEqual([])
    expect(entry(profile.plugins, 'pufa-roles')[1].admins).toEqual([])
  })

  it('loads the console only together with the login, and only when a password is given', () => {
    const group = profile.plugins['group:console']
    expect(group.$if).toBe(`env.${PASSWORD_ENV}`)
    expect(Object.keys(group).filter(key => !key.startsWith('$')).map(nameOf).sort()).toEqual(['auth', 'console', 'pufa-console'])
    const [authKey, auth] = entry(profile.plugins, 'auth')
    expect(authKey.startsWith('~')).toBe(false)
    expect(auth.admin).toEqual({ enabled: true, username: 'admin', password: `\${{ env.${PASSWORD_ENV} }}` })
    // The chat-code login would let any group member into the console; it is filtered out.
    expect(auth.$filter).toBe(false)
    expect(entries(profile.plugins).filter(([key]) => nameOf(key) === 'console')).toHaveLength(1)
  })

  it('listens on loopback only, with the public address from the environment', () => {
    const [, server] = entry(profile.plugins, 'server')
    expect(server.host).toBe('127.0.0.1')
    expect(server.selfUrl).toBe('${{ env.PUFA_SELF_URL }}')
  })

  it('lists the platform adapters disabled, under names the loader resolves', async () => {
    const loader = new Loader()
    await loader.init(PROFILE)
    const adapters = entries(profile.plugins).filter(([key]) => nameOf(key).includes('adapter-'))
    expect(adapters.map(([key]) => nameOf(key).replace(/^.*\//, '')).sort())
      .toEqual(['adapter-dingtalk', 'adapter-lark', 'adapter-onebot', 'adapter-qq'])
    for (const [key] of adapters) {
      expect(key.startsWith('~'), key).toBe(true)
      // Each name loads the adapter package, directly or through a workspace wrapper re-exporting it.
      const file = loader.scope.resolve(nameOf(key))
      const name = nameOf(key).replace(/^.*\//, '')
      if (!file.includes('node_modules')) expect(readFileSync(file, 'utf8'), key).toContain(`from '@satorijs/${name}'`)
    }
  })
})

async function userRow(app: Context, platform: string, pid: string) {
  return app.database.getUser(platform, pid, ['id', 'authority'])
}

describe('the production console, started with a password', () => {
  const password = randomBytes(12).toString('hex')
  const temp = tempDatabase()
  const saved = process.env[PASSWORD_ENV]
  let started: Awaited<ReturnType<typeof startProfile>>
  let app: Context
  let url: string
  let chat: ForkScope
  const clients: ConsoleClient[] = []
  const connect = async () => {
    const client = await ConsoleClient.open(url)
    clients.push(client)
    return client
  }

  beforeAll(async () => {
    process.env[PASSWORD_ENV] = password
    started = await startProfile(dirname(temp.file), ['console', 'auth'])
    ;({ app, url } = started)
    chat = app.plugin(MockBot, { selfId: '514' })
    await app.database.createUser('mock', 'member', { authority: 1 })
  })

  afterAll(async () => {
    // Gone before the app stops, so that no page list is pushed to them while the console goes.
    await Promise.all(clients.map(client => client.close()))
    // The mock platform goes first: stopping the app with it attached trips over satori's teardown.
    chat?.dispose()
    await started?.stop()
    temp.remove()
    if (saved === undefined) delete process.env[PASSWORD_ENV]
    else process.env[PASSWORD_ENV] = saved
  })

  it('offers an anonymous client no sandbox to set authority or speak through', async () => {
    const client = await connect()
    expect(await client.call('sandbox/set-user', 'sandbox:x', 'Mallory', { authority: 5 }))
      .toEqual({ error: 'not implemented' })
    expect(await client.call('sandbox/send-message', 'sandbox:x', 'admin', '#', '单位 邀请 城关镇'))
      .toEqual({ error: 'not implemented' })
    expect(await app.database.get('binding', { platform: 'sandbox:x' })).toEqual([])
    expect(client.data.has('sandbox')).toBe(false)
    expect(client.data.has('user')).toBe(false)
  })

  it('does not let an anonymous client change any account', async () => {
    const client = await connect()
    const reply = await client.call('user/update', { authority: 5 })
    expect(reply.error).toContain('请先登录。')
    expect(await app.database.get('user', { authority: { $gte: 3 } }, ['id'])).toEqual([{ id: 0 }])
  })

  it('refuses a wrong password and hands out no token', async () => {
    const client = await connect()
    expect((await client.call('login/password', 'admin', 'admin')).error).toContain('用户名或密码错误。')
    expect((await client.call('login/password', 'admin', '')).error).toContain('用户名或密码错误。')
    expect(await app.database.get('token', {})).toEqual([])
    expect(client.data.has('user')).toBe(false)
  })

  it('ignores the chat code by which a group member would log in', async () => {
    const client = await connect()
    const { value: login } = await client.call('login/platform', 'mock', 'member')
    expect(login.token).toMatch(/^\d{6}$/)
    // Sent by that member in chat, the code would log the client in as the member, who could
    // then raise their own authority with user/update; the profile filters the auth plugin out
    // of chat, so the code is just a message.
    await app.mock.client('member').receive(login.token)
    expect((await client.call('user/update', { authority: 5 })).error).toContain('请先登录。')
    expect(client.data.has('user')).toBe(false)
    expect(await app.database.get('token', {})).toEqual([])
    expect((await userRow(app, 'mock', 'member')).authority).toBe(1)
  })

  it('logs the admin in with the password from the environment', async () => {
    const client = await connect()
    expect(await client.call('login/password', 'admin', password)).toEqual({ value: undefined })
    expect(client.data.get('user')).toMatchObject({ id: 0, name: 'admin', authority: 5 })
    expect(JSON.stringify(client.data.get('user'))).not.toContain(password)
    expect(await app.database.get('token', { id: 0 }, ['type'])).toEqual([{ type: 'password' }])
  })

  it('keeps a console page that needs authority closed to anonymous clients and open to the admin', async () => {
    // Were the sandbox ever added to this profile, the login is what guards it.
    const fork = app.plugin(sandbox)
    try {
      const anonymous = await connect()
      expect(await anonymous.call('sandbox/set-user', 'sandbox:x', 'Mallory', { authority: 5 }))
        .toEqual({ error: 'unauthorized' })
      expect(await anonymous.call('sandbox/send-message', 'sandbox:x', 'admin', '#', '单位 邀请 城关镇'))
        .toEqual({ error: 'unauthorized' })
      expect(await app.database.get('binding', { platform: 'sandbox:x' })).toEqual([])

      const admin = await connect()
      await admin.call('login/password', 'admin', password)
      expect(await admin.call('sandbox/set-user', 'sandbox:x', 'Carol', { authority: 3 })).toEqual({ value: undefined })
      expect((await userRow(app, 'sandbox:x', 'Carol')).authority).toBe(3)
    } finally {
      fork.dispose()
    }
  })
})

describe('the production profile without a password', () => {
  const temp = tempDatabase()
  const saved = process.env[PASSWORD_ENV]
  let started: Awaited<ReturnType<typeof startProfile>>

  beforeAll(async () => {
    delete process.env[PASSWORD_ENV]
    started = await startProfile(dirname(temp.file), [])
  })

  afterAll(async () => {
    await started?.stop()
    temp.remove()
    if (saved !== undefined) process.env[PASSWORD_ENV] = saved
  })

  it('runs the bot with no console at all', async () => {
    expect(started.app.get('pufaReports')).toBeTruthy()
    expect(started.app.get('console')).toBeUndefined()
    expect((await fetch(started.http)).status).toBe(404)
    const socket = new WebSocket(started.url)
    const closed = new Promise<number>(resolve => socket.once('close', resolve))
    expect(await closed).toBe(1005)
  })
})
