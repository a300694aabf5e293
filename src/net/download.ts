/**
 * Downloads one picture from a link in a chat message, within limits: a time to connect, a
 * time for the whole download, a byte cap enforced while the body streams in (the transfer
 * is cut as soon as it is exceeded, so an oversized "picture" never sits in memory), http
 * and https only, and redirects followed here, a bounded number of times, each hop checked
 * again.
 *
 * Host names are resolved here and every address is checked before connecting; the
 * connection then goes to the checked address (the check is the resolver the socket uses),
 * so a name cannot resolve to a public address for the check and a private one for the
 * connection.
 */
import { lookup as dnsLookup, LookupAddress, LookupOptions } from 'node:dns'
import { ClientRequest, IncomingMessage, request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP } from 'node:net'
import { isListedHost, isPublicAddress, pictureLink } from './address-policy'

export interface DownloadLimits {
  maxBytes: number
  /** Milliseconds to open each connection (TCP and TLS). */
  connectTimeout: number
  /** Milliseconds for the whole download, redirects included. */
  timeout: number
  maxRedirects: number
  /** `host` or `host:port` entries that may be on a private network. */
  privateHosts: readonly string[]
}

export type DownloadFailure =
  /** Not http(s), or the host is (or resolves to) an address the policy refuses. */
  | 'refused'
  | 'too-large'
  | 'timeout'
  /** Anything else: unreachable, an HTTP error status, too many redirects, a broken transfer. */
  | 'failed'

export type DownloadResult = { ok: true; bytes: Buffer } | { ok: false; reason: DownloadFailure }

type Resolver = (hostname: string, callback: (error: Error | null, addresses: LookupAddress[]) => void) => void

const systemResolver: Resolver = (hostname, callback) => dnsLookup(hostname, { all: true }, callback)

class Refused extends Error {}
class Failed extends Error {
  constructor(public reason: DownloadFailure) {
    super(reason)
  }
}

/** Downloads `url` within `limits`; never throws. */
export async function download(url: string, limits: DownloadLimits, resolve: Resolver = systemResolver): Promise<DownloadResult> {
  let current: ClientRequest | undefined
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    current?.destroy(new Failed('timeout'))
  }, limits.timeout)
  try {
    let target = url
    for (let hop = 0; ; hop++) {
      const response = await fetchOnce(target, limits, resolve, (request) => { current = request })
      if (timedOut) throw new Failed('timeout')
      if ('redirect' in response) {
        if (hop >= limits.maxRedirects) throw new Failed('failed')
        target = response.redirect
        continue
      }
      return { ok: true, bytes: response.bytes }
    }
  } catch (error) {
    if (timedOut) return { ok: false, reason: 'timeout' }
    if (error instanceof Refused) return { ok: false, reason: 'refused' }
    if (error instanceof Failed) return { ok: false, reason: error.reason }
    return { ok: false, reason: 'failed' }
  } finally {
    clearTimeout(timer)
    current?.destroy()
  }
}

function fetchOnce(
  target: string, limits: DownloadLimits, resolve: Resolver, started: (request: ClientRequest) => void,
): Promise<{ bytes: Buffer } | { redirect: string }> {
  return new Promise((done, fail) => {
    if (pictureLink(target) !== 'network') return fail(new Refused())
    const url = new URL(target)
    const exempt = isListedHost(url, limits.privateHosts)
    const literal = url.hostname.replace(/^\[(.*)\]$/, '$1')
    // A literal address never reaches the resolver: check it here.
    if (isIP(literal) && !exempt && !isPublicAddress(literal)) return fail(new Refused())

    const lookup = (hostname: string, options: LookupOptions, callback: (...args: any[]) => void) => {
      resolve(hostname, (error, addresses) => {
        if (error) return callback(error)
        if (!addresses.length) return callback(new Failed('failed'))
        if (!exempt && !addresses.every(a => isPublicAddress(a.address))) return callback(new Refused())
        if (options.all) return callback(null, addresses)
        callback(null, addresses[0].address, addresses[0].family)
      })
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest
    const request = send(url, {
      method: 'GET',
      agent: false,
      lookup: lookup as never,
      headers: { 'accept': 'image/*', 'accept-encoding': 'identity' },
    })
    started(request)
    request.on('error', error => fail(error))
    request.on('socket', (socket) => {
      const connected = url.protocol === 'https:' ? 'secureConnect' : 'connect'
      const connecting = setTimeout(() => request.destroy(new Failed('timeout')), limits.connectTimeout)
      socket.once(connected, () => clearTimeout(connecting))
      socket.once('close', () => clearTimeout(connecting))
    })
    request.on('response', (response: IncomingMessage) => {
      const status = response.statusCode ?? 0
      if (status >= 300 && status < 400 && response.headers.location) {
        response.destroy()
        try {
          return done({ redirect: new URL(response.headers.location, url).href })
        } catch {
          return fail(new Failed('failed'))
        }
      }
      if (status < 200 || status >= 300) {
        response.destroy()
        return fail(new Failed('failed'))
      }
      // A declared length over the cap is refused before any of the body is read.
      if (Number(response.headers['content-length']) > limits.maxBytes) {
        request.destroy()
        return fail(new Failed('too-large'))
      }
      const chunks: Buffer[] = []
      let received = 0
      response.on('data', (chunk: Buffer) => {
        received += chunk.length
        if (received > limits.maxBytes) {
          request.destroy()
          fail(new Failed('too-large'))
          return
        }
        chunks.push(chunk)
      })
      response.on('end', () => done({ bytes: Buffer.concat(chunks) }))
      response.on('error', error => fail(error))
    })
    request.end()
  })
}
