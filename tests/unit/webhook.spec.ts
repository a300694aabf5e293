import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { dingtalkSign, feishuSign } from '../../src/webhook/sign'
import { splitMessage, utf8Bytes } from '../../src/webhook/split'
import { SlidingWindow } from '../../src/webhook/rate-limit'
import { parseAddress, sendUrl } from '../../src/webhook/kinds'
import { buildRequest, readResponse } from '../../src/webhook/protocol'
import { mask, redact } from '../../src/webhook/redact'
import { DeliveredParts } from '../../src/webhook/delivered-parts'

const SECRET = 'SEC4b0e8c1f2a3d4e5f60718293a4b5c6d7e8f9012345678'
const WECOM_KEY = '693a91f6-7b2e-4bc4-97a0-0ec2a1b2c3d4'

describe('signing', () => {
  it('signs DingTalk requests as documented: HMAC-SHA256(secret, ts + "\\n" + secret), base64', () => {
    const timestamp = 1_764_550_000_123
    const expected = createHmac('sha256', SECRET).update(timestamp + '\n' + SECRET, 'utf8').digest().toString('base64')
    expect(dingtalkSign(SECRET, timestamp)).toBe(expected)
    const { url } = buildRequest({ kind: 'dingtalk', token: 'abc123def456abc123', secret: SECRET }, 'https://oapi.dingtalk.com', 'hi', timestamp)
    const query = new URL(url).searchParams
    expect(query.get('timestamp')).toBe(String(timestamp))
    expect(query.get('sign')).toBe(expected)
    // The base64 '+', '/' and '=' are URL-encoded on the wire.
    expect(url).toContain('sign=' + encodeURIComponent(expected))
  })

  it('signs Feishu requests as documented: HMAC-SHA256 keyed by ts + "\\n" + secret over nothing', () => {
    const timestamp = 1_764_550_000
    const expected = createHmac('sha256', Buffer.from(`${timestamp}\n${SECRET}`)).digest('base64')
    expect(feishuSign(SECRET, timestamp)).toBe(expected)
    const { body } = buildRequest({ kind: 'feishu', token: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b', secret: SECRET }, 'https://open.feishu.cn', 'hi', timestamp * 1000 + 999)
    expect(body).toEqual({ msg_type: 'text', content: { text: 'hi' }, timestamp: String(timestamp), sign: expected })
  })

  it('leaves unsigned robots unsigned', () => {
    const { url, body } = buildRequest({ kind: 'wecom', token: WECOM_KEY, secret: '' }, 'https://qyapi.weixin.qq.com', '你好', 0)
    expect(url).toBe(`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY}`)
    expect(body).toEqual({ msgtype: 'text', text: { content: '你好' } })
  })
})

describe('splitting', () => {
  it('keeps a message that fits whole', () => {
    expect(splitMessage('短消息\n第二行', 2048)).toEqual(['短消息\n第二行'])
  })

  it('splits at paragraphs first, each part within the byte limit', () => {
    const paragraph = (n: number) => `第${n}段` + '法'.repeat(200) // 3 bytes a character
    const text = [1, 2, 3, 4].map(paragraph).join('\n\n')
    const parts = splitMessage(text, 1300)
    expect(parts).toEqual([[1, 2].map(paragraph).join('\n\n'), [3, 4].map(paragraph).join('\n\n')])
    for (const part of parts) expect(utf8Bytes(part)).toBeLessThanOrEqual(1300)
  })

  it('falls back to lines, then characters, never cutting a character', () => {
    const line = '宪'.repeat(300) // 900 bytes
    const text = `${line}\n${line}\n${'😀'.repeat(400)}`
    const parts = splitMessage(text, 1000)
    expect(parts.slice(0, 2)).toEqual([line, line])
    for (const part of parts) expect(utf8Bytes(part)).toBeLessThanOrEqual(1000)
    expect(parts.join('')).toBe(text.replace(/\n/g, ''))
    expect(parts.slice(2).join('')).toBe('😀'.repeat(400))
  })
})

describe('sliding window', () => {
  it('lets 20 sends go in a minute and holds the 21st until the first leaves the window', () => {
    const window = new SlidingWindow(20, 60_000)
    const first = window.reserve(15, 1000)
    expect(first).toEqual(Array(15).fill(1000))
    expect(window.reserve(5, 30_000)).toEqual(Array(5).fill(30_000))
    expect(window.peek(2, 40_000)).toEqual([61_000, 61_000])
    expect(window.reserve(1, 40_000)).toEqual([61_000])
    // Past a minute after the last send, nothing waits.
    expect(window.reserve(1, 200_000)).toEqual([200_000])
  })

  it('holds sends while the platform throttles the robot', () => {
    const window = new SlidingWindow(20, 60_000)
    window.block(600_000)
    expect(window.reserve(1, 1000)).toEqual([600_000])
  })
})

describe('addresses', () => {
  const wecom = 'https://qyapi.weixin.qq.com'
  it('takes the key from the exact WeCom address or as given', () => {
    expect(parseAddress('wecom', `${wecom}/cgi-bin/webhook/send?key=${WECOM_KEY}`, wecom)).toEqual({ token: WECOM_KEY })
    expect(parseAddress('wecom', ` ${WECOM_KEY} `, wecom)).toEqual({ token: WECOM_KEY })
  })

  it('refuses look-alike hosts, plain http, other paths and extra parameters', () => {
    const key = `/cgi-bin/webhook/send?key=${WECOM_KEY}`
    expect(parseAddress('wecom', `http://qyapi.weixin.qq.com${key}`, wecom)).toEqual({ error: 'not-https' })
    expect(parseAddress('wecom', `https://qyapi.weixin.qq.com.evil.cn${key}`, wecom)).toEqual({ error: 'wrong-host' })
    expect(parseAddress('wecom', `https://user@qyapi.weixin.qq.com${key}`, wecom)).toEqual({ error: 'wrong-host' })
    expect(parseAddress('wecom', `${wecom}/cgi-bin/webhook/upload_media?key=${WECOM_KEY}`, wecom)).toEqual({ error: 'wrong-path' })
    expect(parseAddress('wecom', `${wecom}${key}&debug=1`, wecom)).toEqual({ error: 'wrong-path' })
    expect(parseAddress('wecom', `${wecom}/cgi-bin/webhook/send?key=x'--`, wecom)).toEqual({ error: 'bad-token' })
    expect(parseAddress('zwwx', `https://zwwx.example.gov.cn${key}`, '')).toEqual({ error: 'no-origin' })
  })

  it('takes DingTalk tokens and Feishu/Lark hook ids from their addresses', () => {
    const token = 'a'.repeat(64)
    expect(parseAddress('dingtalk', `https://oapi.dingtalk.com/robot/send?access_token=${token}`, 'https://oapi.dingtalk.com')).toEqual({ token })
    const hook = 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b'
    expect(parseAddress('lark', `https://open.larksuite.com/open-apis/bot/v2/hook/${hook}`, 'https://open.larksuite.com')).toEqual({ token: hook })
    expect(parseAddress('feishu', `https://open.larksuite.com/open-apis/bot/v2/hook/${hook}`, 'https://open.feishu.cn')).toEqual({ error: 'wrong-host' })
    expect(sendUrl('lark', 'https://open.larksuite.com', hook)).toBe(`https://open.larksuite.com/open-apis/bot/v2/hook/${hook}`)
  })
})

describe('responses', () => {
  it('counts only an explicit zero code as sent', () => {
    expect(readResponse('wecom', 200, { errcode: 0, errmsg: 'ok' })).toEqual({ ok: true })
    expect(readResponse('feishu', 200, { code: 0, msg: 'success' })).toEqual({ ok: true })
    expect(readResponse('feishu', 200, { StatusCode: 0, StatusMessage: 'success' })).toEqual({ ok: true })
    expect(readResponse('dingtalk', 200, { errcode: 310000, errmsg: 'sign not match' }))
      .toEqual({ ok: false, throttled: false, code: 310000, message: 'sign not match' })
    expect(readResponse('wecom', 200, 'not json')).toMatchObject({ ok: false, throttled: false })
  })

  it('recognises each platform’s throttle answers', () => {
    expect(readResponse('wecom', 200, { errcode: 45009, errmsg: 'api freq out of limit' })).toMatchObject({ throttled: true })
    expect(readResponse('dingtalk', 200, { errcode: 130101, errmsg: 'send too fast' })).toMatchObject({ throttled: true })
    expect(readResponse('dingtalk', 200, { errcode: 660026, errmsg: 'too many' })).toMatchObject({ throttled: true })
    expect(readResponse('lark', 200, { code: 11232, msg: 'frequency limited' })).toMatchObject({ throttled: true })
    expect(readResponse('feishu', 200, { code: 9499, msg: 'Too Many Requests' })).toMatchObject({ throttled: true })
    expect(readResponse('wecom', 429, '')).toMatchObject({ throttled: true })
  })
})

describe('redaction', () => {
  it('masks secrets and cuts keys out of URLs', () => {
    expect(mask(WECOM_KEY)).toBe('…c3d4')
    const error = `fetch https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY} failed`
    expect(redact(error)).toBe('fetch https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=*** failed')
    expect(redact(`bad sign for ${SECRET}`, [SECRET])).toBe(`bad sign for ${mask(SECRET)}`)
    expect(redact('https://open.feishu.cn/open-apis/bot/v2/hook/e1f2a3b4-c5d6 timed out')).toBe('https://open.feishu.cn/open-apis/bot/v2/hook/*** timed out')
    expect(redact('/robot/send?access_token=abc&timestamp=1&sign=x%2B')).toBe('/robot/send?access_token=***&timestamp=1&sign=***')
  })
})

describe('delivered parts', () => {
  it('remembers a message’s delivered parts per robot until it is sent whole, for the latest messages only', () => {
    const parts = new DeliveredParts(2)
    parts.set(1, 'a', 2)
    expect([parts.get(1, 'a'), parts.get(2, 'a'), parts.get(1, 'b')]).toEqual([2, 0, 0])
    parts.set(1, 'a', 0)
    expect(parts.get(1, 'a')).toBe(0)
    parts.set(1, 'x', 1)
    parts.set(1, 'y', 1)
    parts.set(1, 'z', 1)
    expect([parts.get(1, 'x'), parts.get(1, 'y'), parts.get(1, 'z')]).toEqual([0, 1, 1])
  })
})
