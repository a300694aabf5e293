/**
 * Which network addresses the bot may fetch a picture from. A picture link comes from a chat
 * message, so whoever can send one could otherwise make the bot read its own machine or the
 * office network (the console, a router's admin page, a cloud metadata service). Only public
 * unicast addresses pass; loopback, private, shared (CGNAT), link-local, unspecified,
 * multicast, reserved and documentation ranges do not, in IPv4 and IPv6 alike, including
 * IPv6 forms that carry an IPv4 address inside (mapped, NAT64, 6to4).
 */
import { isIPv4, isIPv6 } from 'node:net'

interface Range {
  /** The network address as a number of `bits` bits. */
  base: bigint
  prefix: number
}

const V4_BLOCKED = [
  '0.0.0.0/8', // "this" network, unspecified
  '10.0.0.0/8', // private
  '100.64.0.0/10', // shared address space (carrier-grade NAT)
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local (cloud metadata services live here)
  '172.16.0.0/12', // private
  '192.0.0.0/24', // IETF protocol assignments
  '192.0.2.0/24', // documentation
  '192.88.99.0/24', // 6to4 relay anycast
  '192.168.0.0/16', // private
  '198.18.0.0/15', // benchmarking
  '198.51.100.0/24', // documentation
  '203.0.113.0/24', // documentation
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, broadcast
].map(cidr => range(cidr, 32))

const V6_BLOCKED = [
  '::/8', // unspecified, loopback, IPv4-compatible and other reserved (mapped is handled first)
  '100::/64', // discard-only
  '64:ff9b:1::/48', // local-use NAT64
  '2001::/23', // IETF protocol assignments, Teredo tunnels
  '2001:db8::/32', // documentation
  '3fff::/20', // documentation
  'fc00::/7', // unique local (the IPv6 private range)
  'fe80::/10', // link-local
  'fec0::/10', // old site-local
  'ff00::/8', // multicast
].map(cidr => range(cidr, 128))

/** IPv6 ranges whose addresses carry an IPv4 address, and where in them it sits (bits from the right). */
const V6_EMBEDDING: { range: Range; shift: number }[] = [
  { range: range('::ffff:0:0/96', 128), shift: 0 }, // IPv4-mapped
  { range: range('64:ff9b::/96', 128), shift: 0 }, // NAT64
  { range: range('2002::/16', 128), shift: 80 }, // 6to4
]

/**
 * True when `address` (an IP literal, IPv6 with or without brackets or a zone) is a public
 * unicast address; false for anything else, including text that is not an address.
 */
export function isPublicAddress(address: string): boolean {
  const plain = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '')
  if (isIPv4(plain)) return !V4_BLOCKED.some(r => inRange(parseV4(plain), r, 32))
  if (!isIPv6(plain)) return false
  const value = parseV6(plain)
  const embedding = V6_EMBEDDING.find(e => inRange(value, e.range, 128))
  if (embedding) {
    const v4 = Number((value >> BigInt(embedding.shift)) & 0xffffffffn)
    return isPublicAddress([24, 16, 8, 0].map(s => (v4 >>> s) & 255).join('.'))
  }
  return !V6_BLOCKED.some(r => inRange(value, r, 128))
}

export type PictureLink =
  /** Fetched over the network, after the address checks. */
  | 'network'
  /** The bytes are in the link itself (data:). */
  | 'inline'
  /** A chat platform's own file API, reached through its adapter with the bot's credentials (internal:). */
  | 'platform'
  /** Anything else (file:, ftp:, javascript:, …): never read. */
  | 'refused'

/** How a picture link in a message may be read, by its scheme alone. */
export function pictureLink(url: string): PictureLink {
  let protocol: string
  try {
    protocol = new URL(url).protocol
  } catch {
    return 'refused'
  }
  if (protocol === 'http:' || protocol === 'https:') return 'network'
  if (protocol === 'data:') return 'inline'
  if (protocol === 'internal:') return 'platform'
  return 'refused'
}

/**
 * Whether a URL's host is exempt from the address rule: listed by the deployer as
 * `host` or `host:port` (e.g. a OneBot implementation's file server on the office network).
 */
export function isListedHost(url: URL, listed: readonly string[]): boolean {
  const host = url.hostname.toLowerCase()
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  return listed.some((entry) => {
    const item = entry.trim().toLowerCase()
    return item === host || item === `${host}:${port}`
  })
}

function range(cidr: string, bits: 32 | 128): Range {
  const [address, prefix] = cidr.split('/')
  return { base: bits === 32 ? parseV4(address) : parseV6(address), prefix: Number(prefix) }
}

function inRange(value: bigint, r: Range, bits: number) {
  const shift = BigInt(bits - r.prefix)
  return value >> shift === r.base >> shift
}

function parseV4(address: string): bigint {
  return address.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n)
}

/** An IPv6 address as a 128-bit number; the last 32 bits may be written as IPv4. */
function parseV6(address: string): bigint {
  let text = address.toLowerCase()
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (dotted) {
    const v4 = parseV4(dotted[1])
    text = text.slice(0, -dotted[1].length) + `${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`
  }
  const [head, tail] = text.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
  return groups.reduce((n, group) => (n << 16n) | BigInt(parseInt(group, 16)), 0n)
}
