import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { download } from '../src/net/download'
import { at, createBot, TestBot } from './helpers/bot'
import { flood, host } from './helpers/picture-hosts'
import { attachmentsDir, bindOfficer, png, reportRows, savedFiles, sha256 } from './helpers/reports'

const RED = png([255, 0, 0])
const MB = 1024 * 1024
const NOT_REGISTERED = '这份报送还没有登记：请换好或去掉有问题的图片，再把报送重新发一次。'
const REFUSED = '第 1 张图片的链接不是可下载的图片地址（只接受平台的 http、https 图片链接，不访问本机和内网），没有保存；请直接把图片发过来。'

const huge = flood(200 * MB)
const declared = flood(200 * MB, { declareLength: true })
let pictures: Awaited<ReturnType<typeof host>>
/** A second host the bot must never be sent to. */
let inside: Awaited<ReturnType<typeof host>>
let t: TestBot | undefined

beforeAll(async () => {
  inside = await host({ '/red.png': (_, res) => res.end(RED) })
  pictures = await host({
    '/red.png': (_, res) => res.end(RED),
    '/stall': () => {},
    '/trickle': (_, res) => {
      res.writeHead(200, { 'content-type': 'image/png' })
      res.write(RED.subarray(0, 8))
    },
    '/moved': (_, res) => res.writeHead(302, { location: '/red.png' }).end(),
    '/to-loopback': (_, res) => res.writeHead(302, { location: inside.url('/red.png') }).end(),
    '/to-file': (_, res) => res.writeHead(302, { location: 'file:///etc/hosts' }).end(),
    '/loop': (_, res) => res.writeHead(302, { location: '/loop' }).end(),
    '/huge.png': huge.handler,
    '/declared.png': declared.handler,
  })
})

afterAll(async () => {
  await pictures.close()
  await inside.close()
})

afterEach(async () => {
  await t?.dispose()
  t = undefined
  vi.useRealTimers()
})

async function officerBot(allowPrivateHosts: string[], maxPhotoBytes = MB) {
  vi.useFakeTimers({ now: at('2026-12-10 10:00') })
  t = await createBot({ reports: { maxPhotoBytes, allowPrivateHosts } })
  await bindOfficer(t, 'o1', '城关镇')
  pictures.requests.length = 0
  inside.requests.length = 0
  return t.client('o1', 'g1')
}

const report = (src: string) => `报送 宪法宣讲 -p 300 <img src="${src}"/>`

describe('a picture host that stalls', () => {
  it.each([
    ['never answers', '/stall'],
    ['sends a few bytes and stops', '/trickle'],
  ])('one that %s: the officer is told after the time limit, and nothing is written', async (_, path) => {
    const officer = await officerBot([pictures.host])
    const reply = officer.receive(report(pictures.url(path)))
    await pictures.requested()
    await vi.advanceTimersByTimeAsync(59_000)
    let answered = false
    void reply.then(() => { answered = true })
    await vi.advanceTimersByTimeAsync(0)
    expect(answered).toBe(false)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(await reply).toEqual([`第 1 张图片 60 秒内没有下载完，请稍后重新发送。\n${NOT_REGISTERED}`])
    expect(await reportRows(t!)).toEqual([])
    expect(savedFiles(t!)).toEqual([])
  })
})

describe('redirects', () => {
  it('are followed to an allowed host', async () => {
    const officer = await officerBot([pictures.host])
    expect(await officer.receive(report(pictures.url('/moved')))).toEqual(['已登记 #1｜城关镇｜2026-12-10｜宪法｜300人次｜0份｜📎1'])
    expect(pictures.requests).toEqual(['/moved', '/red.png'])
  })

  it('to 127.0.0.1 are refused before connecting', async () => {
    const officer = await officerBot([pictures.host])
    expect(await officer.receive(report(pictures.url('/to-loopback')))).toEqual([`${REFUSED}\n${NOT_REGISTERED}`])
    expect(inside.requests).toEqual([])
    expect(savedFiles(t!)).toEqual([])
  })

  it('to a file: link are refused', async () => {
    const officer = await officerBot([pictures.host])
    expect(await officer.receive(report(pictures.url('/to-file')))).toEqual([`${REFUSED}\n${NOT_REGISTERED}`])
  })

  it('stop after five hops', async () => {
    const officer = await officerBot([pictures.host])
    expect(await officer.receive(report(pictures.url('/loop')))).toEqual([`第 1 张图片下载失败，请重新发送。\n${NOT_REGISTERED}`])
    expect(pictures.requests).toHaveLength(6)
  })
})

describe('a 200 MB "picture"', () => {
  it('is cut off at the size limit while it streams', async () => {
    const officer = await officerBot([pictures.host])
    expect(await officer.receive(report(pictures.url('/huge.png')))).toEqual([`第 1 张图片超过 1 MB，请压缩后再发。\n${NOT_REGISTERED}`])
    await huge.state.closed
    // What the server managed to hand over: the cap plus what the sockets buffer, not 200 MB.
    expect(huge.state.sent).toBeLessThan(8 * MB)
    expect(savedFiles(t!)).toEqual([])
  })

  it('that says its size up front is refused before its body is read', async () => {
    const officer = await officerBot([pictures.host])
    expect(await officer.receive(report(pictures.url('/declared.png')))).toEqual([`第 1 张图片超过 1 MB，请压缩后再发。\n${NOT_REGISTERED}`])
    await declared.state.closed
    expect(declared.state.sent).toBeLessThan(8 * MB)
  })
})

describe('links the bot does not follow', () => {
  it.each([
    'file:///etc/hosts',
    'ftp://127.0.0.1/red.png',
    'gopher://127.0.0.1:6379/_INFO',
  ])('%s is refused', async (src) => {
    const officer = await officerBot([pictures.host])
    expect(await officer.receive(report(src))).toEqual([`${REFUSED}\n${NOT_REGISTERED}`])
    expect(await reportRows(t!)).toEqual([])
  })

  it('a host on this machine is refused unless the deployer lists it', async () => {
    const officer = await officerBot([])
    expect(await officer.receive(report(pictures.url('/red.png')))).toEqual([`${REFUSED}\n${NOT_REGISTERED}`])
    expect(pictures.requests).toEqual([])
  })
})

describe('pictures that need no download', () => {
  it('a data: link is saved, readable by the bot\'s user only', async () => {
    const officer = await officerBot([])
    expect(await officer.receive(report(`data:image/png;base64,${RED.toString('base64')}`))).toEqual(['已登记 #1｜城关镇｜2026-12-10｜宪法｜300人次｜0份｜📎1'])
    const name = `${sha256(RED)}.png`
    expect(savedFiles(t!)).toEqual([name])
    expect(statSync(attachmentsDir(t!)).mode & 0o777).toBe(0o700)
    expect(statSync(join(attachmentsDir(t!), name)).mode & 0o777).toBe(0o600)
  })

  it('a data: link over the limit is refused', async () => {
    const officer = await officerBot([], 2048)
    const big = Buffer.concat([RED, Buffer.alloc(4096)]).toString('base64')
    expect(await officer.receive(report(`data:image/png;base64,${big}`))).toEqual([`第 1 张图片超过 2 KB，请压缩后再发。\n${NOT_REGISTERED}`])
  })

  it('a platform\'s internal: link is read through its adapter', async () => {
    const officer = await officerBot([])
    t!.bot.defineInternalRoute('/resources/:key', async ({ params }) => params.key === 'img_1'
      ? { status: 200, body: RED.buffer.slice(RED.byteOffset, RED.byteOffset + RED.length), headers: new Headers({ 'content-type': 'image/png' }) }
      : { status: 404 })
    expect(await officer.receive(report(t!.bot.getInternalUrl('/resources/img_1')))).toEqual(['已登记 #1｜城关镇｜2026-12-10｜宪法｜300人次｜0份｜📎1'])
    expect(savedFiles(t!)).toEqual([`${sha256(RED)}.png`])
    expect(await officer.receive(report(t!.bot.getInternalUrl('/resources/img_2')))).toEqual([`第 1 张图片下载失败，请重新发送。\n${NOT_REGISTERED}`])
  })
})

describe('download, with names resolved by a stand-in resolver', () => {
  const limits = { maxBytes: MB, connectTimeout: 10_000, timeout: 60_000, maxRedirects: 5, privateHosts: [] }
  const resolving = (...addresses: string[]) => (_: string, callback: (error: Error | null, found: { address: string; family: number }[]) => void) =>
    callback(null, addresses.map(address => ({ address, family: address.includes(':') ? 6 : 4 })))

  it.each([
    [['10.0.0.7']],
    [['203.0.113.9', '8.8.8.8']],
    [['8.8.8.8', '::ffff:127.0.0.1']],
    [['2400:3200::1', 'fe80::1']],
  ])('refuses a name that resolves to %j (every address is checked)', async (addresses) => {
    expect(await download('http://photos.example.cn/a.png', limits, resolving(...addresses))).toEqual({ ok: false, reason: 'refused' })
  })

  it('connects to the address it checked', async () => {
    const result = await download(`http://photos.example.cn:${pictures.host.split(':')[1]}/red.png`, { ...limits, privateHosts: ['photos.example.cn'] }, resolving('127.0.0.1'))
    expect(result).toEqual({ ok: true, bytes: RED })
  })
})
