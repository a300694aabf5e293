import { describe, expect, it } from 'vitest'
import { describeError, isProactiveRefusal, isUniqueClash } from '../../src/delivery/errors'
import { redactSecrets, shortError } from '../../src/delivery/redact'

/** What satori's HTTP client throws: the platform's answer in `response.data`. */
function httpError(data: object, message = 'request failed with status code 500') {
  return Object.assign(new Error(message), { response: { status: 500, data } })
}

/** What satori's message encoder throws when every part failed: the errors wrapped, no message. */
function aggregate(...errors: Error[]) {
  return Object.assign(new Error(''), { errors })
}

describe('redactSecrets', () => {
  it.each([
    ['POST https://oapi.dingtalk.com/robot/send?access_token=abc123def456 failed', 'POST https://oapi.dingtalk.com/robot/send?access_token=*** failed'],
    ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4&debug=1', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***&debug=1'],
    ['url ?timestamp=1700000000&sign=Zm9vYmFy%2B%3D end', 'url ?timestamp=1700000000&sign=*** end'],
    ['body {"app_id":"1024","secret":"s3cr3t-value","token":"t0k"}', 'body {"app_id":"1024","secret":"***","token":"***"}'],
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig', 'Authorization: Bearer ***'],
    ['Authorization: QQBot 1a2b3c4d5e6f7a8b', 'Authorization: QQBot ***'],
    ['ws://admin:hunter2@127.0.0.1:6700/', 'ws://***@127.0.0.1:6700/'],
  ])('%s', (input, output) => {
    expect(redactSecrets(input)).toBe(output)
  })

  it('leaves ordinary words that merely contain a secret name alone', () => {
    expect(redactSecrets('monkey=1 keyboard turkey: 机器人已被移出群聊')).toBe('monkey=1 keyboard turkey: 机器人已被移出群聊')
  })
})

describe('shortError', () => {
  it('redacts before cutting, so a token cut in half never shows', () => {
    const text = `request failed\n  at https://example.com/send?access_token=${'x'.repeat(40)}`
    expect(shortError(text, 60)).toBe('request failed at https://example.com/send?access_token=***')
    expect(shortError('a'.repeat(100), 10)).toBe('aaaaaaaaa…')
  })
})

describe('isProactiveRefusal', () => {
  it('recognises QQ refusing a proactive group message, wrapped as satori throws it', () => {
    expect(isProactiveRefusal(aggregate(httpError({ code: 40034105, message: '无权限' })))).toBe(true)
    expect(isProactiveRefusal(httpError({ code: 11255, message: 'invalid request' }))).toBe(true)
    expect(isProactiveRefusal(new Error('send failed: 40034105 无权限'))).toBe(true)
  })

  it('does not take other failures for a refusal', () => {
    expect(isProactiveRefusal(aggregate(httpError({ code: 304023, message: 'waiting for audit' })))).toBe(false)
    expect(isProactiveRefusal(new Error('机器人已被移出群聊'))).toBe(false)
    expect(isProactiveRefusal(undefined)).toBe(false)
  })
})

describe('isUniqueClash', () => {
  it('tells a clash on the unique index from an outage', () => {
    expect(isUniqueClash(new Error('UNIQUE constraint failed: pufa_delivery.key, pufa_delivery.attempt'))).toBe(true)
    expect(isUniqueClash(Object.assign(new Error('duplicate entry'), { code: 'duplicate-entry' }))).toBe(true)
    expect(isUniqueClash(new Error('database is locked'))).toBe(false)
    expect(isUniqueClash(new Error('disk I/O error'))).toBe(false)
  })
})

describe('describeError', () => {
  it('names the platform answer wrapped in an error without a message', () => {
    expect(describeError(aggregate(httpError({ code: 40034105, message: '无权限' })))).toBe('40034105 无权限')
    expect(describeError(new Error('机器人已被移出群聊'))).toBe('机器人已被移出群聊')
  })

  it('drops the request OneBot quotes, so a shortened error still ends with its retcode', () => {
    const quoted = 'Error with request send_group_msg, args: {"group_id":1,"message":[{"type":"text","data":{"text":"' + '法'.repeat(300) + '"}}]}, retcode: 1200'
    expect(describeError(new Error(quoted))).toBe('Error with request send_group_msg, retcode: 1200')
  })
})
