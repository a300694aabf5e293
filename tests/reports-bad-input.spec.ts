import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { at, createBot, TestBot } from './helpers/bot'
import { auditRows, bindOfficer, draftRows, pictureServer, png, reportRows, savedFiles, addressing, GROUP_HINT } from './helpers/reports'

let t: TestBot

beforeEach(async () => {
  // Today is 2026-12-10 in Shanghai: tomorrow (2026-12-11) is the latest date a report may carry.
  vi.useFakeTimers({ now: at('2026-12-10 10:00') })
  t = await createBot({ reports: { maxPhotoBytes: 2048, allowPrivateHosts: ['127.0.0.1'] } })
  await bindOfficer(t, 'o1', '城关镇')
})

afterEach(async () => {
  await t.dispose()
  vi.useRealTimers()
})

const officer = () => addressing(t.client('o1', 'g1'))

async function expectNothingWritten() {
  expect(await reportRows(t)).toEqual([])
  expect(await auditRows(t)).toEqual([])
  expect(await draftRows(t)).toEqual([])
}

const THEMES = '全部主题请发「报送 帮助」查看。'
const MARKUP = (field: string) => `${field}里有 @、表情或代码之类的特殊内容，请只用文字。`
const SQL = (field: string) => `${field}里有像程序代码的内容，请只用普通文字描述。`
const EMOJI = (field: string) => `${field}里不能有表情符号，请只用文字。`
const LONG_TITLE = '宪法进校园宣讲'.repeat(286).slice(0, 2000)

describe('one line with options: a specific message, and nothing written', () => {
  it.each([
    // dates
    ['a date beyond tomorrow', '报送 宪法宣讲 -d 2026-12-12 -p 300', '日期 2026-12-12 还没到，最晚只能登记到 2026-12-11。'],
    ['a date next year', '报送 宪法宣讲 -d 2027-01-05 -p 300', '日期 2027-01-05 还没到，最晚只能登记到 2026-12-11。'],
    ['2月30日', '报送 宪法宣讲 -d 2月30日 -p 300', '日期“2月30日”不对，请写成 12月4日、昨天 或 2026-12-04 这样的真实日期。'],
    ['2026-02-30', '报送 宪法宣讲 -d 2026-02-30 -p 300', '日期“2026-02-30”不对，请写成 12月4日、昨天 或 2026-12-04 这样的真实日期。'],
    ['a date that is no date', '报送 宪法宣讲 -d 上周', '日期“上周”不对，请写成 12月4日、昨天 或 2026-12-04 这样的真实日期。'],
    ['a date over a year old', '报送 宪法宣讲 -d 2025-12-09', '日期 2025-12-09 太早了（最早可登记 2025-12-10），请确认是否写错；确需补录请联系普法办。'],
    // counts
    ['a negative head count', '报送 宪法宣讲 -p -300', '人数不能是负数。'],
    ['a negative material count', '报送 宪法宣讲 -p 300 -m -1', '资料不能是负数。'],
    ['a count over 1,000,000', '报送 宪法宣讲 -p 1000001', '人数 1000001 不合常理（最多 1000000），请核对。'],
    ['300万 materials', '报送 宪法宣讲 -m 300万', '资料 300万 不合常理（最多 1000000），请核对。'],
    ['a count that is no number', '报送 宪法宣讲 -p 很多', '人数“很多”看不懂，请写数字，如 300、300余人、1.2万。'],
    ['a fraction of a person', '报送 宪法宣讲 -p 1.5', '人数“1.5”看不懂，请写数字，如 300、300余人、1.2万。'],
    // themes, forms, key dates
    ['an unknown theme, with the closest one', '报送 宪法宣讲 -t 宪发', `没有“宪发”这个主题，是不是“宪法”？${THEMES}`],
    ['a misspelt theme keyword', '报送 反诈宣传 -t 反炸骗', `没有“反炸骗”这个主题，是不是“反诈”？${THEMES}`],
    ['a theme with nothing close', '报送 宪法宣讲 -t 天文观测', `没有“天文观测”这个主题。${THEMES}`],
    ['an unknown form', '报送 宪法宣讲 -k 座谈', '没有“座谈”这种活动形式，是不是“讲座”？全部形式请发「报送 帮助」查看。'],
    ['an unknown key date', '报送 宪法宣讲 -n 宪法节', '没有“宪法节”这个节点，请写节点名称，如 宪法宣传周、国家宪法日；不属于任何节点写「无」。全部节点请发「报送 帮助」查看。'],
    // text
    ['a 2,000-character title', `报送 ${LONG_TITLE} -p 300`, '标题太长了（2000 个字，最多 60 个），请概括一下。'],
    ['an over-long place', `报送 宪法宣讲 -l ${'城关'.repeat(25)}`, '地点太长了（50 个字，最多 40 个）。'],
    ['no title', '报送 -d 2026-12-04 -p 300', '缺少标题。'],
    ['an emoji in the title', '报送 宪法宣讲🎉 -p 300', EMOJI('标题')],
    ['an emoji in the place', '报送 宪法宣讲 -l 城关小学👍', EMOJI('地点')],
    ['an @mention in the title', '报送 宪法宣讲<at id="10001"/> -p 300', MARKUP('标题')],
    ['HTML typed into the title', '报送 &lt;script&gt;alert(1)&lt;/script&gt; -p 300', MARKUP('标题')],
    ['a markup element in the title', '报送 <b>宪法宣讲</b> -p 300', MARKUP('标题')],
    ['a CQ code in the place', '报送 宪法宣讲 -l [CQ:at,qq=10001]', MARKUP('地点')],
    ['SQL in the title', '报送 宣讲;DROP TABLE pufa_report -p 300', SQL('标题')],
    ['SQL in the place', '报送 宪法宣讲 -l 城关小学;DELETE FROM pufa_report', SQL('地点')],
    ['a tautology in the title', '报送 宪法宣讲 OR 1=1 -p 300', SQL('标题')],
  ])('%s', async (_, message, reply) => {
    expect(await officer().receive(message)).toEqual([reply])
    await expectNothingWritten()
  })

  it('accepts the limits themselves: tomorrow, 1,000,000 and a 60-character title', async () => {
    const title = '宪法宣讲'.repeat(15)
    expect(await officer().receive(`报送 ${title} -d 2026-12-11 -p 1000000 -m 0`)).toEqual(['已登记 #1｜城关镇｜2026-12-11｜宪法｜1,000,000人次｜0份'])
    expect(await reportRows(t)).toMatchObject([{ title, date: '2026-12-11', participants: 1_000_000, materials: 0 }])
  })

  it('leaves the tables intact after SQL-looking text', async () => {
    await officer().receive('报送 宣讲;DROP TABLE pufa_report -p 300')
    await officer().receive('报送 宪法宣讲 -d 2026-12-04 -p 300')
    expect(await reportRows(t)).toMatchObject([{ id: 1, title: '宪法宣讲' }])
  })
})

describe('a pasted paragraph: the problem first, and nothing registered', () => {
  const FIX_FIRST = `改好以上问题才能登记：发“项目 内容”修改，如「标题 宪法进校园宣讲」；回复「取消」放弃。\n${GROUP_HINT}`

  // The draft is kept so that the officer can correct the field (日期 12月4日) and confirm;
  // the summary names the problem in place of 确认, and 确认 is refused with it.
  it.each([
    ['2月30日', '2月30日在城关小学开展宪法宣讲，参与群众300人', '日期“2月30日”不对，请写成 12月4日、昨天 或 2026-12-04 这样的真实日期。', '缺少日期。'],
    ['a date beyond tomorrow', '2026年12月25日在城关小学开展宪法宣讲，参与群众300人', '日期 2026-12-25 还没到，最晚只能登记到 2026-12-11。', '缺少日期。'],
  ])('%s', async (_, paragraph, problem, onConfirm) => {
    const [reply] = await officer().receive(`报送 ${paragraph}`)
    expect(reply.startsWith(`${problem}\n我从这段话里看出的是：\n· 单位：城关镇\n`), reply).toBe(true)
    expect(reply.endsWith(`\n${onConfirm}\n${FIX_FIRST}`), reply).toBe(true)
    expect(await reportRows(t)).toEqual([])
    expect(await draftRows(t)).toMatchObject([{ step: 'confirm', source: 'paragraph' }])
    expect(await officer().receive('确认')).toEqual([onConfirm])
    expect(await reportRows(t)).toEqual([])
    expect(await auditRows(t)).toEqual([])
  })

  it('an absurd count: shown in the summary, which asks for a correction instead of 确认', async () => {
    const problem = '人数 3000000 不合常理（最多 1000000），请核对。'
    const [reply] = await officer().receive('报送 12月4日在城关小学开展宪法宣讲，参与群众300万人')
    expect(reply).toMatch(/^我从这段话里看出的是：\n· 单位：城关镇\n[\s\S]*· 人数：3,000,000人次\n/)
    expect(reply.endsWith(`\n${problem}\n${FIX_FIRST}`), reply).toBe(true)
    expect(await officer().receive('确认')).toEqual([problem])
    expect(await reportRows(t)).toEqual([])
  })

  // Emoji, markup or code anywhere in the text: no draft to confirm, the message is to be sent again.
  it.each([
    ['SQL-looking text', "12月4日开展宪法宣讲' OR '1'='1", SQL('标题')],
    ['an emoji', '12月4日在城关小学开展宪法宣讲🎉，参与群众300人', EMOJI('标题')],
  ])('%s', async (_, paragraph, problem) => {
    expect(await officer().receive(`报送 ${paragraph}`)).toEqual([`${problem}\n这段报送没有登记，请去掉这些内容后重新发送「报送 …」。`])
    expect(await draftRows(t)).toEqual([])
    expect(await officer().receive('确认')).toEqual([])
    expect(await reportRows(t)).toEqual([])
    expect(await auditRows(t)).toEqual([])
  })

  it('registers once the field is corrected', async () => {
    await officer().receive('报送 2月30日在城关小学开展宪法宣讲，参与群众300人')
    const [corrected] = await officer().receive('日期 12月4日')
    expect(corrected).toMatch(/^已修改，请再核对：\n[\s\S]*\n· 日期：2026-12-04\n/)
    expect(await officer().receive('确认')).toEqual(['已登记 #1｜城关镇｜2026-12-04｜宪法｜300人次｜0份'])
  })
})

describe('the guided dialogue: the problem, the same question again, and nothing stored for it', () => {
  const CANCEL = `回复「取消」可随时放弃。\n${GROUP_HINT}`
  const ASK_TITLE = `请说说活动名称，例如：宪法进校园宣讲。\n${CANCEL}`
  const ASK_DATE = `活动是哪天？例如：今天、昨天、12月4日、2026-12-04。\n（回复「好」即用：2026-12-10）\n${CANCEL}`
  const ASK_PARTICIPANTS = `大约多少人参加？例如：300、300余人、1.2万。\n（没有可回复「跳过」）\n${CANCEL}`

  it.each([
    ['title', 'an emoji', '宣讲🎉', EMOJI('标题'), ASK_TITLE],
    ['title', '2,000 characters', LONG_TITLE, '标题太长了（2000 个字，最多 60 个），请概括一下。', ASK_TITLE],
    ['title', 'markup', '<b>宪法</b>宣讲', MARKUP('标题'), ASK_TITLE],
    ['title', 'SQL-looking text', "宣讲' OR '1'='1", SQL('标题'), ASK_TITLE],
    ['date', '2月30日', '2月30日', '日期“2月30日”不对，请写成 12月4日、昨天 或 2026-12-04 这样的真实日期。', ASK_DATE],
    ['date', 'beyond tomorrow', '2026-12-12', '日期 2026-12-12 还没到，最晚只能登记到 2026-12-11。', ASK_DATE],
    ['participants', 'negative', '-20', '人数不能是负数。', ASK_PARTICIPANTS],
    ['participants', 'over 1,000,000', '2000000', '人数 2000000 不合常理（最多 1000000），请核对。', ASK_PARTICIPANTS],
  ])('%s: %s', async (step, _, answer, problem, question) => {
    await officer().receive('报送')
    const before: Record<string, string[]> = { title: [], date: ['宪法宣讲'], participants: ['宪法宣讲', '好', '跳过'] }
    for (const message of before[step]) await officer().receive(message)
    const [draft] = await draftRows(t)
    expect(draft.step).toBe(step)
    expect(await officer().receive(answer)).toEqual([`${problem}\n${question}`])
    expect(await draftRows(t)).toMatchObject([{ step, fields: draft.fields }])
    expect(await reportRows(t)).toEqual([])
  })
})

describe('pictures', () => {
  let server: Awaited<ReturnType<typeof pictureServer>>

  beforeAll(async () => {
    server = await pictureServer({ '/notes.jpg': Buffer.from('plain text, not a JPEG at all'), '/big.png': Buffer.concat([png(), Buffer.alloc(4096)]) })
  })

  afterAll(async () => {
    await server.close()
  })

  it.each([
    ['not an image', '/notes.jpg', '第 1 个附件不是图片（只收 JPG、PNG、GIF、WebP），没有保存。'],
    ['too large', '/big.png', '第 1 张图片超过 2 KB，请压缩后再发。'],
  ])('a picture that is %s', async (_, path, problem) => {
    expect(await officer().receive(`报送 宪法宣讲 -d 2026-12-04 -p 300 ${server.img(path)}`))
      .toEqual([`${problem}\n这份报送还没有登记：请换好或去掉有问题的图片，再把报送重新发一次。`])
    await expectNothingWritten()
    expect(savedFiles(t)).toEqual([])
  })
})

describe('broken text from the platform', () => {
  it('takes half an emoji (a lone surrogate) without breaking the query behind it', async () => {
    await officer().shouldReply('报送 宪法宣讲 \ud83d -p 30 -t 宪法', '已登记 #1｜城关镇｜2026-12-10｜宪法｜30人次｜0份')
    const [row] = await reportRows(t)
    expect(row.title).toBe('宪法宣讲 \ufffd')
  })
})

describe('words that start with a dash', () => {
  // Found by the fuzz spec: Koishi read `-5e-324!!!h` as the flags -5 -e … -h and answered
  // with the help page; a word that is none of 报送's options is now part of the text.
  it('takes `-5e-324!!!h` as text, not as flags ending in -h for the help page', async () => {
    const [reply] = await officer().receive('报送 -5e-324!!!h')
    expect(reply).toMatch(/^我从这段话里看出的是：\n· 单位：城关镇\n/)
    expect(reply).not.toContain('可用的选项有')
    expect(await draftRows(t)).toMatchObject([{ step: 'confirm', source: 'paragraph' }])
  })

  it('keeps such words in a one-line title', async () => {
    await officer().shouldReply('报送 -5e-324!!!h 宪法宣讲 -p 30', '已登记 #1｜城关镇｜2026-12-10｜宪法｜30人次｜0份')
    await officer().shouldReply('报送 宪法宣讲 -3h -d 昨天', '已登记 #2｜城关镇｜2026-12-09｜宪法｜0人次｜0份')
    expect((await reportRows(t)).map(row => row.title)).toEqual(['-5e-324!!!h 宪法宣讲', '宪法宣讲 -3h'])
  })

  it('still reads 报送\'s own options and -h', async () => {
    const [help] = await officer().receive('报送 -h')
    expect(help).toMatch(/^指令：报送/)
    await officer().shouldReply('报送 宪法宣讲 -p -5', '人数不能是负数。')
    await expectNothingWritten()
  })
})

describe('overlong input: refused at the command, before any parsing or name matching', () => {
  const HUGE = '城'.repeat(10_000)
  const tooLong = (length: number, max: number) => `内容太长了（${length} 个字，最多 ${max} 个），请删减后重发。`
  const optionTooLong = (option: string, length: number) => `选项 ${option} 的内容太长了（${length} 个字，最多 200 个），请删减后重发。`

  it.each([
    ['a 10,000-character unit after -u', `报送 宪法宣讲 -p 3 -u ${HUGE}`, optionTooLong('-u', 10_000)],
    ['a 10,000-character theme', `报送 宪法宣讲 -t ${HUGE}`, optionTooLong('-t', 10_000)],
    ['a 201-character place', `报送 宪法宣讲 -l ${'场'.repeat(201)}`, optionTooLong('-l', 201)],
    ['a 2,001-character paragraph', `报送 ${'宣'.repeat(2001)}`, tooLong(2001, 2000)],
    ['a 10,000-character unit to list', `报送 列表 -u ${HUGE}`, optionTooLong('-u', 10_000)],
    ['a 201-digit count in an edit', `报送 修改 1 -p ${'3'.repeat(201)}`, optionTooLong('-p', 201)],
    ['a 10,000-character title in an edit', `报送 修改 1 -T ${HUGE}`, tooLong(10_008, 2000)],
  ])('refuses %s and writes nothing', async (_, message, reply) => {
    await t.admin('g1').shouldReply(message, reply)
    await expectNothingWritten()
  })

  it.each([
    ['单位 添加', `单位 添加 ${HUGE}`],
    ['单位 停用', `单位 停用 ${HUGE}`],
    ['单位 邀请', `单位 邀请 ${HUGE}`],
    ['联络员 列表', `联络员 列表 ${HUGE}`],
    ['联络员 移除', `联络员 移除 ${HUGE}`],
  ])('refuses a 10,000-character name in %s', async (_, message) => {
    await t.admin('g1').shouldReply(message, tooLong(10_000, 200))
    expect(await t.app.database.get('pufa_unit', {})).toHaveLength(12)
    expect(await t.app.database.get('pufa_invite', {})).toHaveLength(1)
  })

  it('refuses a 10,000-character invite code without counting it as a guess', async () => {
    await t.client('m1', 'g1').shouldReply(`绑定 ${HUGE}`, tooLong(10_000, 200))
    expect(await t.app.database.get('pufa_bind_guard', {})).toEqual([])
  })

  it('refuses an overlong dialogue answer and asks nothing new', async () => {
    await officer().receive('报送')
    await officer().shouldReply('宣'.repeat(2001), tooLong(2001, 2000))
    expect(await draftRows(t)).toMatchObject([{ step: 'title', fields: {} }])
  })

  it('suggests a unit only for a name of plausible length', async () => {
    await t.admin('g1').shouldReply('报送 宪法宣讲 -u 城关政', '没有找到单位“城关政”，是不是“城关镇”？发送「单位 列表」查看全部单位。')
    const long = `城关镇${'镇'.repeat(100)}`
    await t.admin('g1').shouldReply(`报送 宪法宣讲 -u ${long}`, `没有找到单位“${long}”。发送「单位 列表」查看全部单位。`)
  })
})
