import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { at, createBot, TestBot } from './helpers/bot'
import { addressing, attachmentsDir, bindOfficer, closedPort, draftRows, gif, GROUP_HINT, pictureServer, png, reportRows, savedFiles, sha256 } from './helpers/reports'

const RED = png([255, 0, 0])
const BLUE = png([0, 0, 255])
const GIF = gif()
const TEXT = Buffer.from('这不是图片，只是一个改了扩展名的文本文件。\n'.repeat(3))
/** A limit small enough for a test: the real default is 10 MB. */
const LIMIT = 2048
const BIG = Buffer.concat([png([0, 255, 0]), Buffer.alloc(LIMIT)])

let server: Awaited<ReturnType<typeof pictureServer>>
let unreachable: string
/** The test hosts live on 127.0.0.1, which the bot refuses unless listed. */
let local: string[]
let t: TestBot

beforeAll(async () => {
  server = await pictureServer({ '/red.png': RED, '/blue.png': BLUE, '/pixel.gif': GIF, '/notes.jpg': TEXT, '/big.png': BIG })
  const dead = `127.0.0.1:${await closedPort()}`
  unreachable = `<img src="http://${dead}/gone.png"/>`
  local = [new URL(server.url('/')).host, dead]
})

afterAll(async () => {
  await server.close()
})

beforeEach(async () => {
  vi.useFakeTimers({ now: at('2026-12-10 10:00') })
  t = await createBot({ reports: { maxPhotoBytes: LIMIT, allowPrivateHosts: local } })
  await bindOfficer(t, 'o1', '城关镇')
  server.requests.length = 0
})

afterEach(async () => {
  await t.dispose()
  vi.useRealTimers()
})

const officer = () => addressing(t.client('o1', 'g1'))
const img = (path: string) => server.img(path)
const fileOf = (bytes: Uint8Array, ext: string) => `${sha256(bytes)}.${ext}`

const NOT_REGISTERED = '这份报送还没有登记：请换好或去掉有问题的图片，再把报送重新发一次。'
const CANCEL = `回复「取消」可随时放弃。\n${GROUP_HINT}`
const ASK_TITLE = `请说说活动名称，例如：宪法进校园宣讲。\n${CANCEL}`
const ASK_PHOTOS = `有现场照片就直接发过来（可以多张），发完回复「好了」；没有就回复「跳过」。\n（没有可回复「跳过」）\n${CANCEL}`

describe('photos sent with a one-line report', () => {
  it('are downloaded to the attachments folder under their sha256 and counted in the receipt', async () => {
    expect(await officer().receive(`报送 宪法进校园宣讲 -d 2026-12-04 -l 城关小学 -p 300 -m 500 -t 宪法 -k 讲座 ${img('/red.png')}${img('/pixel.gif')}`))
      .toEqual(['已登记 #1｜城关镇｜2026-12-04｜宪法｜300人次｜500份｜📎2'])
    const names = [fileOf(RED, 'png'), fileOf(GIF, 'gif')]
    expect(savedFiles(t)).toEqual([...names].sort())
    expect(readFileSync(join(attachmentsDir(t), names[0]))).toEqual(RED)
    expect(readFileSync(join(attachmentsDir(t), names[1]))).toEqual(GIF)
    expect(await reportRows(t)).toMatchObject([{ title: '宪法进校园宣讲', photos: names }])
    expect(server.requests).toEqual(['/red.png', '/pixel.gif'])
  })

  it('keep the title clean wherever the picture sits in the message', async () => {
    expect(await officer().receive(`报送 宪法宣讲 ${img('/red.png')} -p 300`)).toEqual(['已登记 #1｜城关镇｜2026-12-10｜宪法｜300人次｜0份｜📎1'])
    expect(await reportRows(t)).toMatchObject([{ title: '宪法宣讲', participants: 300 }])
  })

  it('store the same picture once, in the folder and in the report', async () => {
    expect(await officer().receive(`报送 宪法宣讲 -p 300 ${img('/red.png')}${img('/red.png')}`)).toEqual(['已登记 #1｜城关镇｜2026-12-10｜宪法｜300人次｜0份｜📎1'])
    expect(await officer().receive(`报送 禁毒宣传 -p 30 ${img('/red.png')}`)).toEqual(['已登记 #2｜城关镇｜2026-12-10｜禁毒｜30人次｜0份｜📎1'])
    expect(savedFiles(t)).toEqual([fileOf(RED, 'png')])
    expect((await reportRows(t)).map(report => report.photos)).toEqual([[fileOf(RED, 'png')], [fileOf(RED, 'png')]])
  })

  it.each([
    ['a text file named .jpg', '/notes.jpg', '第 1 个附件不是图片（只收 JPG、PNG、GIF、WebP），没有保存。'],
    ['a picture over the size limit', '/big.png', '第 1 张图片超过 2 KB，请压缩后再发。'],
    ['a link that is gone', '/missing.png', '第 1 张图片下载失败，请重新发送。'],
  ])('refuse %s: the report is not registered and no file is kept', async (_, path, problem) => {
    expect(await officer().receive(`报送 宪法宣讲 -p 300 ${img(path)}`)).toEqual([`${problem}\n${NOT_REGISTERED}`])
    expect(await reportRows(t)).toEqual([])
    expect(await draftRows(t)).toEqual([])
    expect(savedFiles(t)).toEqual([])
  })

  it('refuse an unreachable picture host', async () => {
    expect(await officer().receive(`报送 宪法宣讲 -p 300 ${unreachable}`)).toEqual([`第 1 张图片下载失败，请重新发送。\n${NOT_REGISTERED}`])
    expect(await reportRows(t)).toEqual([])
    expect(savedFiles(t)).toEqual([])
  })

  it('name the picture that failed among several', async () => {
    expect(await officer().receive(`报送 宪法宣讲 -p 300 ${img('/red.png')}${img('/notes.jpg')}`))
      .toEqual([`第 2 个附件不是图片（只收 JPG、PNG、GIF、WebP），没有保存。\n${NOT_REGISTERED}`])
    expect(await reportRows(t)).toEqual([])
    // The good one is already on disk (content-addressed, harmless); nothing refers to it.
    expect(savedFiles(t)).toEqual([fileOf(RED, 'png')])
  })

  it('are not downloaded for someone who may not report', async () => {
    expect(await t.client('m1', 'g1').receive(`报送 宪法宣讲 -p 300 ${img('/red.png')}`))
      .toEqual(['你还不是联络员，不能报送。请向普法办索取本单位的邀请码，然后发送「绑定 邀请码」。'])
    expect(server.requests).toEqual([])
    expect(savedFiles(t)).toEqual([])
  })
})

describe('photos during the dialogue', () => {
  it('are saved the moment they arrive, at any question, and go with the report', async () => {
    expect(await officer().receive('报送')).toEqual([ASK_TITLE])
    expect(await officer().receive(img('/red.png'))).toEqual([`已收到 1 张照片（这份报送共 1 张）。\n${ASK_TITLE}`])
    // On disk and in the draft before anything is confirmed.
    expect(savedFiles(t)).toEqual([fileOf(RED, 'png')])
    expect(await draftRows(t)).toMatchObject([{ step: 'title', photos: [fileOf(RED, 'png')] }])

    for (const answer of ['宪法宣讲', '好', '跳过', '跳过', '跳过', '好', '好']) await officer().receive(answer)
    expect(await draftRows(t)).toMatchObject([{ step: 'photos' }])
    expect(await officer().receive(`${img('/blue.png')}${img('/red.png')}`))
      .toEqual(['已收到 2 张照片（这份报送共 2 张）。\n照片收到了，还有就继续发，发完回复「好了」。'])
    expect(await officer().receive(img('/notes.jpg')))
      .toEqual([`第 1 个附件不是图片（只收 JPG、PNG、GIF、WebP），没有保存。\n${ASK_PHOTOS}`])
    expect(await draftRows(t)).toMatchObject([{ step: 'photos' }])
    const [confirm] = await officer().receive('好了')
    expect(confirm).toMatch(/^请核对：\n· 单位：城关镇\n· 标题：宪法宣讲\n[\s\S]*\n· 照片：2 张\n无误请回复/)
    expect(await officer().receive('确认')).toEqual(['已登记 #1｜城关镇｜2026-12-10｜宪法｜0人次｜0份｜📎2'])
    expect(await reportRows(t)).toMatchObject([{ photos: [fileOf(RED, 'png'), fileOf(BLUE, 'png')] }])
    expect(savedFiles(t)).toEqual([fileOf(RED, 'png'), fileOf(BLUE, 'png')].sort())
  })

  it('are added to a pasted paragraph before 确认', async () => {
    const [parsed] = await officer().receive(`报送 12月4日在城关小学开展宪法进校园宣讲活动，参与师生300余人，发放宣传资料500份${img('/red.png')}`)
    expect(parsed).toMatch(/^我从这段话里看出的是：\n· 单位：城关镇\n· 标题：宪法进校园宣讲活动\n[\s\S]*\n· 照片：1 张\n无误请回复/)
    const [updated] = await officer().receive(img('/blue.png'))
    expect(updated).toMatch(/^已收到 1 张照片（这份报送共 2 张）。\n已修改，请再核对：\n[\s\S]*\n· 照片：2 张\n无误请回复/)
    expect(await officer().receive(unreachable)).toEqual(['第 1 张图片下载失败，请重新发送。'])
    expect(await draftRows(t)).toMatchObject([{ step: 'confirm', photos: [fileOf(RED, 'png'), fileOf(BLUE, 'png')] }])
    expect(await officer().receive('确认')).toEqual(['已登记 #1｜城关镇｜2026-12-04｜宪法｜300人次｜500份｜📎2'])
  })

  it('too large or not pictures are refused and the question is asked again', async () => {
    await officer().receive('报送')
    expect(await officer().receive(img('/big.png'))).toEqual([`第 1 张图片超过 2 KB，请压缩后再发。\n${ASK_TITLE}`])
    expect(await draftRows(t)).toMatchObject([{ step: 'title', photos: [] }])
    expect(savedFiles(t)).toEqual([])
  })
})
