// Misbehaving picture hosts on 127.0.0.1 for the download limits: one that never answers,
// one that redirects, one that streams far more than any photo.
import { once } from 'node:events'
import { createServer, IncomingMessage, ServerResponse } from 'node:http'
import { AddressInfo } from 'node:net'

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown

/** A server with one handler per path; records each request and signals when one arrives. */
export async function host(routes: Record<string, Handler>) {
  const requests: string[] = []
  const waiting: (() => void)[] = []
  const server = createServer((req, res) => {
    requests.push(req.url!)
    waiting.splice(0).forEach(wake => wake())
    const route = routes[req.url!]
    if (!route) {
      res.statusCode = 404
      res.end()
      return
    }
    void route(req, res)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    requests,
    /** `127.0.0.1:<port>`, as allowPrivateHosts lists it. */
    host: `127.0.0.1:${port}`,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    /** Resolves once a request has arrived (the next one, or one already seen). */
    requested: (count = 1) => requests.length >= count ? Promise.resolve() : new Promise<void>(resolve => waiting.push(resolve)),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

/** Sends `total` bytes that start like a PNG, as fast as the client takes them; counts what was handed to the socket. */
export function flood(total: number, { declareLength = false } = {}) {
  const state = { sent: 0, closed: undefined as Promise<unknown> | undefined }
  const handler: Handler = async (_req, res) => {
    state.closed = once(res, 'close')
    res.setHeader('content-type', 'image/png')
    if (declareLength) res.setHeader('content-length', total)
    const chunk = Buffer.alloc(64 * 1024)
    chunk.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    while (state.sent < total && !res.destroyed) {
      state.sent += chunk.length
      if (!res.write(chunk)) await Promise.race([once(res, 'drain'), state.closed])
    }
    res.end()
  }
  return { handler, state }
}
