import { describe, expect, it } from 'vitest'
import { isListedHost, isPublicAddress, pictureLink } from '../../src/net/address-policy'

describe('isPublicAddress', () => {
  it.each([
    '8.8.8.8', '114.114.114.114', '223.5.5.5', '1.1.1.1', '172.15.255.255', '172.32.0.1', '100.63.255.255', '192.169.0.1',
    '2400:3200::1', '2001:4860:4860::8888', '240e:1:2::3', '::ffff:8.8.8.8', '::ffff:808:808', '64:ff9b::808:808', '2002:0808:0808::1',
    '[2400:3200::1]',
  ])('lets %s through', (address) => {
    expect(isPublicAddress(address)).toBe(true)
  })

  it.each([
    // IPv4: loopback, private, shared, link-local, unspecified, multicast, broadcast, documentation
    '127.0.0.1', '127.255.255.254', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '100.127.255.255',
    '169.254.169.254', '0.0.0.0', '0.1.2.3', '224.0.0.1', '239.255.255.250', '255.255.255.255', '240.0.0.1', '192.0.2.1', '198.18.0.1',
    // IPv6: loopback, unspecified, unique local, link-local (with a zone), multicast, documentation, Teredo
    '::1', '::', '[::1]', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'fe80::1%eth0', 'ff02::1', '2001:db8::1', '2001::1', '0:0:0:0:0:0:0:1',
    // IPv4 inside IPv6: mapped (dotted and hex), NAT64, 6to4, IPv4-compatible
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::FFFF:10.0.0.1', '::ffff:169.254.169.254', '64:ff9b::7f00:1', '64:ff9b::10.0.0.1',
    '2002:7f00:0001::1', '2002:c0a8:0101::', '::127.0.0.1', '64:ff9b:1::1',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false)
  })

  it.each(['localhost', 'example.com', '', '1.2.3', '999.1.1.1', '::g'])('refuses %j, which is not an address', (text) => {
    expect(isPublicAddress(text)).toBe(false)
  })
})

describe('pictureLink', () => {
  it.each([
    ['https://multimedia.nt.qq.com.cn/download?appid=1407', 'network'],
    ['http://gchat.qpic.cn/gchatpic_new/0/0-0-ABC/0', 'network'],
    ['data:image/png;base64,iVBORw0KGgo=', 'inline'],
    ['internal:lark/cli_a1/im/v1/messages/om_1/resources/img_1?type=image', 'platform'],
    ['file:///etc/passwd', 'refused'],
    ['ftp://192.0.2.1/photo.jpg', 'refused'],
    ['javascript:alert(1)', 'refused'],
    ['gopher://127.0.0.1:6379/_INFO', 'refused'],
    ['/relative/photo.png', 'refused'],
    ['', 'refused'],
  ])('%s is %s', (url, kind) => {
    expect(pictureLink(url)).toBe(kind)
  })
})

describe('isListedHost', () => {
  const listed = ['napcat.lan:6099', '192.168.1.5']
  it.each([
    ['http://napcat.lan:6099/file/1.png', true],
    ['http://NAPCAT.lan:6099/file/1.png', true],
    ['http://napcat.lan:6100/file/1.png', false],
    ['http://napcat.lan/file/1.png', false],
    ['http://192.168.1.5:8080/a.png', true],
    ['https://192.168.1.5/a.png', true],
    ['http://192.168.1.6/a.png', false],
  ])('%s → %s', (url, expected) => {
    expect(isListedHost(new URL(url), listed)).toBe(expected)
  })

  it('names nothing when the list is empty', () => {
    expect(isListedHost(new URL('http://127.0.0.1:80/'), [])).toBe(false)
  })
})
