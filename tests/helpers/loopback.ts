import { once } from 'node:events'
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http'
import { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'

export type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void

/** An HTTP server and a WebSocket server sharing one free port on 127.0.0.1. */
export async function loopbackServer(handler: Handler) {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', chunk => chunks.push(chunk))
    req.on('end', () => handler(req, Buffer.concat(chunks), res))
  })
  const wss = new WebSocketServer({ server })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    wss,
    origin: `http://127.0.0.1:${port}`,
    async close() {
      for (const client of wss.clients) client.terminate()
      wss.close()
      // Requests the fake never answers are cut, or close() would wait for them forever.
      server.closeAllConnections()
      await new Promise(resolve => server.close(resolve))
    },
  }
}

export function json(res: ServerResponse, status: number, data: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(data))
}
