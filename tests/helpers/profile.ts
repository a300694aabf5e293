import { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { expect } from 'vitest'
import WebSocket from 'ws'
import { Context, Loader } from 'koishi'
import {} from '@koishijs/plugin-server'

/**
 * The production profile as the loader runs it: koishi.production.yml read by Koishi's own
 * loader, with only the data paths moved to a temp folder and the port left to the test.
 * The console is then attacked from a websocket client, as anyone reaching the port could.
 */
export const PROFILE = resolve(__dirname, '../../koishi.production.yml')
export const PASSWORD_ENV = 'PUFA_CONSOLE_PASSWORD'

export type Plugins = Record<string, any>

/** The plugin a loader key names: `~adapter-qq:ab12cd` → `adapter-qq`. */
export const nameOf = (key: string) => key.replace(/^~/, '').split(':', 1)[0]

/** Every plugin entry of a loader config, groups flattened: [key, config]. */
export function entries(plugins: Plugins): [string, any][] {
  return Object.entries(plugins).flatMap(([key, value]): [string, any][] => {
    if (key.startsWith('$')) return []
    return nameOf(key) === 'group' ? entries(value) : [[key, value]]
  })
}

/** The one entry of a plugin, wherever it is grouped. */
export function entry(plugins: Plugins, name: string) {
  const found = entries(plugins).filter(([key]) => nameOf(key) === name)
  expect(found, name).toHaveLength(1)
  return found[0]
}

/** A console websocket client speaking the console's protocol: calls and pushed data. */
export class ConsoleClient {
  data = new Map<string, unknown>()
  private calls = new Map<number, (body: { value?: any; error?: string }) => void>()
  private next = 0

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (raw) => {
      const { type, body } = JSON.parse(raw.toString())
      if (type === 'data') this.data.set(body.key, body.value)
      if (type === 'response') this.calls.get(body.id)?.(body)
    })
  }

  static open(url: string) {
    const socket = new WebSocket(url)
    return new Promise<ConsoleClient>((resolve, reject) => {
      socket.once('open', () => resolve(new ConsoleClient(socket)))
      socket.once('error', reject)
    })
  }

  /** Calls a console event; resolves to its value or its error. */
  call(type: string, ...args: unknown[]) {
    const id = ++this.next
    return new Promise<{ value?: any; error?: string }>((resolve) => {
      this.calls.set(id, ({ value, error }) => resolve(error === undefined ? { value } : { error }))
      this.socket.send(JSON.stringify({ type, args, id }))
    })
  }

  close() {
    if (this.socket.readyState === WebSocket.CLOSED) return
    const closed = new Promise(resolve => this.socket.once('close', resolve))
    this.socket.close()
    return closed
  }
}

/** Resolves once every named service is up. */
export function services(app: Context, names: string[]) {
  return new Promise<void>((resolve) => {
    const fork = app.inject(names, () => {
      resolve()
      fork.dispose()
    })
  })
}

/**
 * Starts the app the loader builds from the profile, data in `dir`, on a free loopback port;
 * returns once `names` are up (the loader imports plugins after the app has started).
 */
export async function startProfile(dir: string, names: string[]) {
  const loader = new Loader()
  await loader.init(PROFILE)
  // Never write the committed profile back; it is already in the form the loader writes.
  loader.writable = false
  // Resolve names as the loader does, but load through the test runner so TypeScript plugins compile.
  loader.import = (name: string) => import(loader.scope.resolve(name))
  // The loader restarts the process when the app is disposed; here the test owns the process.
  loader.fullReload = () => {}
  await loader.readConfig()
  const plugins = loader.config.plugins!
  // Port 0: the server plugin does not listen; the test listens on a free port below.
  entry(plugins, 'server')[1].port = 0
  entry(plugins, 'database-sqlite')[1].path = join(dir, 'koishi.db')
  entry(plugins, 'pufa-reports')[1].attachments = join(dir, 'attachments')
  entry(plugins, 'pufa-ledger')[1].exports = join(dir, 'exports')
  const app = await loader.createApp()
  await app.start()
  await services(app, ['server', 'database', 'pufaRoles', 'pufaContent', 'pufaReports', ...names])
  const http = app.server._http
  await new Promise<void>(resolve => http.listen(0, '127.0.0.1', resolve))
  const { port } = http.address() as AddressInfo
  return {
    app,
    url: `ws://127.0.0.1:${port}/status`,
    http: `http://127.0.0.1:${port}`,
    async stop() {
      // As each plugin goes, the loader logs and marks it disabled in the file; a process that
      // is stopping does neither (the logger is gone by then, and the file stays as it is).
      Object.assign(loader, { logUpdate() {}, async writeConfig() {} })
      await app.stop()
    },
  }
}

