import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { at, createBot, TestBot } from './helpers/bot'
import { tempDatabase } from './helpers/db-dir'
import { addressing, auditRows, bindOfficer, draftRows, GROUP_HINT, invite, reportRows } from './helpers/reports'

const MINUTE = 60_000

let t: TestBot

beforeEach(async () => {
  vi.useFakeTimers({ now: at('2026-12-10 10:00') })
  t = await createBot()
  await bindOfficer(t, 'o1', '城关镇')
})

afterEach(async () => {
  await t.dispose()
  vi.useRealTimers()
})

const officer = () => addressing(t.client('o1', 'g1'))

/** Sends each message in turn and expects exactly the one reply given for it. */
async function talk(steps: [message: string, reply: string][], client = officer()) {
  for (const [message, reply] of steps) expect(await client.receive(message), message).toEqual([reply])
}

const LINE = '报送 宪法进校园宣讲 -d 2026-12-04 -l 城关小学 -p 300 -m 500 -t 宪法 -k 讲座'
const PARAGRAPH = '报送 12月4日在城关小学开展宪法进校园宣讲活动，参与师生300余人，发放宣传资料500份'

const HOW = `无误请回复「确认」登记；要改哪项就发“项目 内容”，如「地点 城关小学」「人数 350」「节点 无」；回复「取消」放弃。\n${GROUP_HINT}`
const CANCEL = `回复「取消」可随时放弃。\n${GROUP_HINT}`
const OPTIONAL = '（没有可回复「跳过」）'
const ASK = {
  title: `请说说活动名称，例如：宪法进校园宣讲。\n${CANCEL}`,
  date: (today: string) => `活动是哪天？例如：今天、昨天、12月4日、2026-12-04。\n（回复「好」即用：${today}）\n${CANCEL}`,
  place: `在哪里开展的？例如：城关小学。\n${OPTIONAL}\n${CANCEL}`,
  participants: `大约多少人参加？例如：300、300余人、1.2万。\n${OPTIONAL}\n${CANCEL}`,
  materials: `发放了多少份宣传资料？例如：500。\n${OPTIONAL}\n${CANCEL}`,
  theme: (guess: string) => `宣传主题是什么？例如：宪法、民法典、反诈、禁毒。\n（回复「好」即用：${guess}）\n${CANCEL}`,
  form: (guess: string) => `活动形式是什么？例如：讲座、宣讲、集中宣传、以案释法、送法下乡。\n（回复「好」即用：${guess}）\n${CANCEL}`,
  photos: `有现场照片就直接发过来（可以多张），发完回复「好了」；没有就回复「跳过」。\n${OPTIONAL}\n${CANCEL}`,
}

/** What the bot understood from PARAGRAPH, field by field. */
const PARSED = {
  unit: '· 单位：城关镇',
  title: '· 标题：宪法进校园宣讲活动',
  date: '· 日期：2026-12-04',
  place: '· 地点：城关小学',
  participants: '· 人数：300人次',
  materials: '· 资料：500份',
  theme: '· 主题：宪法',
  form: '· 形式：宣讲',
  keyDate: '· 节点：国家宪法日',
}

function summary(header: string, lines: Record<string, string>) {
  return [header, ...Object.values(lines), HOW].join('\n')
}

function resumeOffer(title: string, saved: string) {
  return `你有一份没报完的报送「${title}」（${saved} 保存），回复「继续」接着填，回复「重新开始」放弃它重新填，回复「取消」不报了。\n${GROUP_HINT}`
}

describe('one line with options', () => {
  it('registers the report at once, with its receipt and its audit entry', async () => {
    await talk([[LINE, '已登记 #1｜城关镇｜2026-12-04｜宪法｜300人次｜500份']])
    const [report] = await reportRows(t)
    expect(report).toEqual({
      id: 1,
      unitId: 1,
      title: '宪法进校园宣讲',
      date: '2026-12-04',
      place: '城关小学',
      participants: 300,
      materials: 500,
      theme: '宪法',
      form: '讲座',
      keyDate: 'constitution-day',
      photos: [],
      photosExpiredAt: null,
      status: 'active',
      source: 'line',
      createdBy: 'mock:o1',
      createdAt: at('2026-12-10 10:00'),
      updatedAt: at('2026-12-10 10:00'),
    })
    expect(await auditRows(t)).toEqual([{
      id: 1, reportId: 1, action: 'create', by: 'mock:o1', at: at('2026-12-10 10:00'), before: null, after: JSON.parse(JSON.stringify(report)),
    }])
    expect(await draftRows(t)).toEqual([])
  })

  it('takes today when no date is given, and tomorrow at the latest', async () => {
    await talk([
      ['报送 反诈宣传 -p 40', '已登记 #1｜城关镇｜2026-12-10｜反诈｜40人次｜0份'],
      ['报送 反诈宣传进社区 -d 明天 -t 反诈', '已登记 #2｜城关镇｜2026-12-11｜反诈｜0人次｜0份'],
    ])
    expect(await reportRows(t)).toMatchObject([{ date: '2026-12-10', place: '', theme: '反诈' }, { date: '2026-12-11', theme: '反诈' }])
  })

  it.each([
    ['300', 300], ['300人', 300], ['3百', 300], ['三百', 300], ['300余人', 300], ['1.2万', 12_000],
  ])('reads the count %s as people type it', async (typed, value) => {
    await talk([[`报送 普法讲座 -d 昨天 -p ${typed} -m ${typed}`, `已登记 #1｜城关镇｜2026-12-09｜法治宣传教育｜${value.toLocaleString('en-US')}人次｜${value.toLocaleString('en-US')}份`]])
    expect(await reportRows(t)).toMatchObject([{ participants: value, materials: value }])
  })
})

describe('pasted paragraph', () => {
  it('shows what it understood and saves only after 确认', async () => {
    await talk([[PARAGRAPH, summary('我从这段话里看出的是：', PARSED)]])
    expect(await reportRows(t)).toEqual([])
    expect(await draftRows(t)).toMatchObject([{
      platform: 'mock', userId: 'o1', channelId: 'g1', unitId: 1, step: 'confirm', source: 'paragraph',
      fields: { title: '宪法进校园宣讲活动', date: '2026-12-04', place: '城关小学', participants: 300, materials: 500, theme: '宪法', form: '宣讲' },
    }])
    // Someone else in the group saying 确认 confirms nothing.
    expect(await t.client('m1', 'g1').receive('确认')).toEqual([])
    expect(await reportRows(t)).toEqual([])

    await talk([['确认', '已登记 #1｜城关镇｜2026-12-04｜宪法｜300人次｜500份']])
    expect(await reportRows(t)).toMatchObject([{
      id: 1, title: '宪法进校园宣讲活动', date: '2026-12-04', place: '城关小学', participants: 300, materials: 500,
      theme: '宪法', form: '宣讲', keyDate: 'constitution-day', source: 'paragraph', createdBy: 'mock:o1', status: 'active',
    }])
    expect(await draftRows(t)).toEqual([])
    expect(await auditRows(t)).toMatchObject([{ reportId: 1, action: 'create', by: 'mock:o1', before: null }])
  })

  it('files a report once when 确认 is sent twice at once', async () => {
    await talk([[PARAGRAPH, summary('我从这段话里看出的是：', PARSED)]])
    const replies = await Promise.all([officer().receive('确认'), officer().receive('确认')])
    expect(replies.flat().sort()).toEqual([
      '已登记 #1｜城关镇｜2026-12-04｜宪法｜300人次｜500份',
      '这份报送刚才已经登记过了，没有再登记一次。发「我的报送」可以查看。',
    ].sort())
    expect(await reportRows(t)).toMatchObject([{ id: 1, title: '宪法进校园宣讲活动' }])
    expect(await auditRows(t)).toHaveLength(1)
    expect(await draftRows(t)).toEqual([])
    const [ledger] = await t.admin('office').receive('台账 2026-12')
    expect(ledger.split('\n')[0]).toBe('2026年12月台账：1 个单位报送 1 场，参与 300 人次，发放资料 500 份')
  })

  it('takes corrections such as 人数 350 and 地点：城关二小 before 确认', async () => {
    await officer().receive(PARAGRAPH)
    await talk([
      ['人数 350', summary('已修改，请再核对：', { ...PARSED, participants: '· 人数：350人次' })],
      ['地点：城关二小', summary('已修改，请再核对：', { ...PARSED, participants: '· 人数：350人次', place: '· 地点：城关二小' })],
      ['确认', '已登记 #1｜城关镇｜2026-12-04｜宪法｜350人次｜500份'],
    ])
    expect(await reportRows(t)).toMatchObject([{ participants: 350, place: '城关二小', materials: 500 }])
  })

  it('refuses a wrong correction, keeps the draft as it was, and says what it does not understand', async () => {
    await officer().receive(PARAGRAPH)
    await talk([
      ['人数 -3', '人数不能是负数。'],
      ['日期 2月30日', '日期“2月30日”不对，请写成 12月4日、昨天 或 2026-12-04 这样的真实日期。'],
      ['好的吧', summary('没看懂这条回复。这份报送现在是：', PARSED)],
    ])
    expect(await draftRows(t)).toMatchObject([{ step: 'confirm', fields: { participants: 300, date: '2026-12-04' } }])
    expect(await reportRows(t)).toEqual([])
  })

  it('drops the draft on 取消 and writes nothing', async () => {
    await officer().receive(PARAGRAPH)
    await talk([['取消', '已取消，这份报送没有登记。']])
    expect(await draftRows(t)).toEqual([])
    expect(await reportRows(t)).toEqual([])
    expect(await auditRows(t)).toEqual([])
    // The conversation is over: 确认 now means nothing.
    expect(await officer().receive('确认')).toEqual([])
  })
})

describe('guided dialogue', () => {
  it('asks one question at a time, offering today, the theme and the form it guesses', async () => {
    await talk([
      ['报送', ASK.title],
      ['普法讲座进社区', ASK.date('2026-12-10')],
      ['好', ASK.place],
      ['东街社区', ASK.participants],
      ['1.2万', ASK.materials],
      ['跳过', ASK.theme('法治宣传教育')],
    ])
    expect(await reportRows(t)).toEqual([])
    expect(await draftRows(t)).toMatchObject([{
      step: 'theme', source: 'dialogue', fields: { title: '普法讲座进社区', date: '2026-12-10', place: '东街社区', participants: 12_000 },
    }])
    await talk([
      ['好', ASK.form('讲座')],
      ['好', ASK.photos],
      ['跳过', summary('请核对：', {
        unit: '· 单位：城关镇',
        title: '· 标题：普法讲座进社区',
        date: '· 日期：2026-12-10',
        place: '· 地点：东街社区',
        participants: '· 人数：12,000人次',
        materials: '· 资料：（未填）',
        theme: '· 主题：法治宣传教育',
        form: '· 形式：讲座',
        keyDate: '· 节点：（未填）',
      })],
      ['确认', '已登记 #1｜城关镇｜2026-12-10｜法治宣传教育｜12,000人次｜0份'],
    ])
    expect(await reportRows(t)).toMatchObject([{
      title: '普法讲座进社区', date: '2026-12-10', place: '东街社区', participants: 12_000, materials: 0,
      theme: '法治宣传教育', form: '讲座', keyDate: '', source: 'dialogue', createdBy: 'mock:o1',
    }])
    expect(await draftRows(t)).toEqual([])
  })

  it('asks again with the reason when an answer is wrong', async () => {
    await talk([
      ['报送', ASK.title],
      ['宪法宣讲', ASK.date('2026-12-10')],
      ['2026-12-25', `日期 2026-12-25 还没到，最晚只能登记到 2026-12-11。\n${ASK.date('2026-12-10')}`],
      ['12月4日', ASK.place],
      ['跳过', ASK.participants],
      ['很多', `人数“很多”看不懂，请写数字，如 300、300余人、1.2万。\n${ASK.participants}`],
    ])
    expect(await draftRows(t)).toMatchObject([{ step: 'participants', fields: { title: '宪法宣讲', date: '2026-12-04' } }])
  })

  it('stops on 取消 and writes nothing', async () => {
    await talk([
      ['报送', ASK.title],
      ['宪法宣讲', ASK.date('2026-12-10')],
      ['取消', '已取消，这份报送没有登记。'],
    ])
    expect(await draftRows(t)).toEqual([])
    expect(await reportRows(t)).toEqual([])
  })

  it('keeps the draft through another command, and the next 报送 offers to continue it', async () => {
    await talk([
      ['报送', ASK.title],
      ['宪法宣讲进社区', ASK.date('2026-12-10')],
      ['报送 列表', '还没有报送记录。'],
    ])
    vi.setSystemTime(at('2026-12-10 10:03'))
    await talk([
      ['报送', resumeOffer('宪法宣讲进社区', '2026-12-10 10:00')],
      ['继续', ASK.date('2026-12-10')],
      ['12月9日', ASK.place],
    ])
    expect(await draftRows(t)).toMatchObject([{ step: 'place', fields: { title: '宪法宣讲进社区', date: '2026-12-09' } }])
  })

  it('pauses after the timeout: answers are no longer taken, the draft is kept and offered again', async () => {
    await talk([
      ['报送', ASK.title],
      ['普法讲座进社区', ASK.date('2026-12-10')],
    ])
    await vi.advanceTimersByTimeAsync(11 * MINUTE)
    // A paused dialogue does not capture what the officer says in the group.
    expect(await officer().receive('好')).toEqual([])
    expect(await draftRows(t)).toMatchObject([{ step: 'date', fields: { title: '普法讲座进社区' }, updatedAt: at('2026-12-10 10:00') }])
    await talk([
      ['报送', resumeOffer('普法讲座进社区', '2026-12-10 10:00')],
      ['继续', ASK.date('2026-12-10')],
      ['好', ASK.place],
      ['跳过', ASK.participants],
      ['跳过', ASK.materials],
      ['跳过', ASK.theme('法治宣传教育')],
      ['好', ASK.form('讲座')],
      ['好', ASK.photos],
      ['跳过', expect.stringMatching(/^请核对：\n/) as unknown as string],
      ['确认', '已登记 #1｜城关镇｜2026-12-10｜法治宣传教育｜0人次｜0份'],
    ])
    expect(await reportRows(t)).toMatchObject([{ title: '普法讲座进社区', source: 'dialogue' }])
  })

  it('starts afresh on 重新开始, or drops the draft on 取消, after a pause', async () => {
    await talk([
      ['报送', ASK.title],
      ['普法讲座进社区', ASK.date('2026-12-10')],
    ])
    await vi.advanceTimersByTimeAsync(11 * MINUTE)
    await talk([
      ['报送', resumeOffer('普法讲座进社区', '2026-12-10 10:00')],
      ['重新开始', ASK.title],
    ])
    expect(await draftRows(t)).toMatchObject([{ step: 'title', fields: {} }])
    await talk([['禁毒宣传', ASK.date('2026-12-10')]])
    await vi.advanceTimersByTimeAsync(11 * MINUTE)
    await talk([
      ['报送', resumeOffer('禁毒宣传', '2026-12-10 10:11')],
      ['取消', '已取消，这份报送没有登记。'],
    ])
    expect(await draftRows(t)).toEqual([])
    expect(await reportRows(t)).toEqual([])
  })

  it('keeps a paused dialogue when a one-line report is made meanwhile', async () => {
    await talk([
      ['报送', ASK.title],
      ['普法讲座进社区', ASK.date('2026-12-10')],
    ])
    await vi.advanceTimersByTimeAsync(11 * MINUTE)
    await talk([
      ['报送 禁毒宣传 -d 2026-12-09 -p 50', '已登记 #1｜城关镇｜2026-12-09｜禁毒｜50人次｜0份'],
      ['报送', resumeOffer('普法讲座进社区', '2026-12-10 10:00')],
    ])
    expect(await draftRows(t)).toMatchObject([{ step: 'resume', resumeStep: 'date', fields: { title: '普法讲座进社区' } }])
  })

  it('survives a restart of the bot', async () => {
    const temp = tempDatabase()
    const first = await createBot({ file: temp.file })
    try {
      await bindOfficer(first, 'o1', '城关镇')
      await talk([
        ['报送', ASK.title],
        ['普法讲座进社区', ASK.date('2026-12-10')],
      ], addressing(first.client('o1', 'g1')))
    } finally {
      await first.stop()
    }
    vi.setSystemTime(at('2026-12-10 10:02'))
    const second = await createBot({ file: temp.file })
    try {
      // Straight on with the next answer: the bot knows the draft from the database.
      await talk([
        ['好', ASK.place],
        ['东街社区', ASK.participants],
      ], addressing(second.client('o1', 'g1')))
      expect(await draftRows(second)).toMatchObject([{ step: 'participants', fields: { title: '普法讲座进社区', date: '2026-12-10', place: '东街社区' } }])
    } finally {
      await second.stop()
      temp.remove()
    }
  })
})

describe('a draft begun under a role that has since gone', () => {
  const REMOVED = '你已不是“城关镇”的联络员，这份报送不能再登记，草稿已删除。如有疑问请联系普法办。'
  const STOPPED = '单位“城关镇”已停用，这份报送不能再登记，草稿已删除。如有疑问请联系普法办。'

  it('is not filed by 确认 of a paragraph once the officer is removed', async () => {
    await officer().receive(PARAGRAPH)
    await t.admin('g1').shouldReply('联络员 移除 mock:o1', '已移除联络员“mock:o1”，其已登记的报送保留。')
    await talk([['确认', REMOVED]])
    expect(await reportRows(t)).toEqual([])
    expect(await auditRows(t)).toEqual([])
    expect(await draftRows(t)).toEqual([])
    // The draft is gone: a second 确认 is an ordinary message.
    expect(await officer().receive('确认')).toEqual([])
  })

  it('is not continued once the unit is stopped: the next dialogue answer is refused', async () => {
    await talk([['报送', ASK.title], ['宪法进校园宣讲', ASK.date('2026-12-10')]])
    await t.admin('g1').receive('单位 停用 城关镇')
    await talk([['好', STOPPED]])
    expect(await draftRows(t)).toEqual([])
    expect(await reportRows(t)).toEqual([])
  })

  it('is not filed for the old unit by an officer moved to another one', async () => {
    await officer().receive(PARAGRAPH)
    expect(await officer().receive(`绑定 ${await invite(t, '东城街道')}`)).toEqual([expect.stringContaining('已改为新单位')])
    await talk([['确认', REMOVED]])
    expect(await reportRows(t)).toEqual([])
  })

  it('is not filed by 确认 of a likely duplicate once the unit is stopped', async () => {
    const line = '报送 宪法宣讲 -d 2026-12-04 -p 300'
    await officer().receive(line)
    await officer().receive(line)
    await t.admin('g1').receive('单位 停用 城关镇')
    await talk([['确认', STOPPED]])
    expect(await reportRows(t)).toHaveLength(1)
    expect(await draftRows(t)).toEqual([])
  })

  it('is still filed by an admin for the unit named with -u', async () => {
    await t.admin('g1').receive(`${PARAGRAPH} -u 城关镇`)
    await talk([['确认', '已登记 #1｜城关镇｜2026-12-04｜宪法｜300人次｜500份']], addressing(t.admin('g1')))
    expect(await reportRows(t)).toMatchObject([{ unitId: 1, createdBy: 'mock:admin' }])
  })
})

describe('duplicates', () => {
  const line = '报送 宪法宣讲 -d 2026-12-04 -p 300'
  const ask = (id: number, title = '宪法宣讲') => `10 分钟内本单位已登记过同一天的「${title}」（#${id}），确定再登记一次吗？回复「确认」登记，回复其他内容取消。`

  it('asks before saving the same unit, date and title within 10 minutes, and saves on 确认', async () => {
    await talk([[line, '已登记 #1｜城关镇｜2026-12-04｜宪法｜300人次｜0份']])
    vi.setSystemTime(at('2026-12-10 10:09'))
    await talk([[line, ask(1)]])
    expect(await reportRows(t)).toHaveLength(1)
    expect(await draftRows(t)).toMatchObject([{ step: 'duplicate', source: 'line', fields: { title: '宪法宣讲', date: '2026-12-04', participants: 300 } }])
    await talk([['确认', '已登记 #2｜城关镇｜2026-12-04｜宪法｜300人次｜0份']])
    expect(await reportRows(t)).toMatchObject([{ id: 1 }, { id: 2, title: '宪法宣讲', date: '2026-12-04' }])
    expect(await draftRows(t)).toEqual([])
  })

  it('drops the second report on any other answer', async () => {
    await officer().receive(line)
    await talk([
      [line, ask(1)],
      ['算了不用', '好的，没有重复登记。'],
    ])
    expect(await reportRows(t)).toHaveLength(1)
    expect(await draftRows(t)).toEqual([])
  })

  it('does not ask after 10 minutes, for another date or title, for another unit, or when the first was withdrawn', async () => {
    await officer().receive(line)
    vi.setSystemTime(at('2026-12-10 10:11'))
    await talk([
      [line, '已登记 #2｜城关镇｜2026-12-04｜宪法｜300人次｜0份'],
      ['报送 宪法宣讲 -d 2026-12-05 -p 300', '已登记 #3｜城关镇｜2026-12-05｜宪法｜300人次｜0份'],
      ['报送 宪法宣讲进校园 -d 2026-12-04 -p 300', '已登记 #4｜城关镇｜2026-12-04｜宪法｜300人次｜0份'],
    ])
    await talk([[`${line} -u 东城街道`, '已登记 #5｜东城街道｜2026-12-04｜宪法｜300人次｜0份']], t.admin('g1'))
    await talk([
      ['报送 撤回 2', '已撤回 #2：这条报送不再计入台账，记录和修改历史保留。'],
      [line, '已登记 #6｜城关镇｜2026-12-04｜宪法｜300人次｜0份'],
    ])
  })

  it('asks at 确认 of a pasted paragraph too', async () => {
    await officer().receive(PARAGRAPH)
    await officer().receive('确认')
    await officer().receive(PARAGRAPH)
    await talk([
      ['确认', ask(1, '宪法进校园宣讲活动')],
      ['确认', '已登记 #2｜城关镇｜2026-12-04｜宪法｜300人次｜500份'],
    ])
    expect(await reportRows(t)).toHaveLength(2)
  })

  it('shows the report again when an interrupted duplicate question is resumed, and asks once more', async () => {
    await officer().receive(line)
    await talk([
      [line, ask(1)],
      ['报送 列表', '最近 1 条报送：\n· #1 2026-12-04 城关镇｜宪法宣讲｜300人次｜0份'],
      ['报送', resumeOffer('宪法宣讲', '2026-12-10 10:00')],
      ['继续', summary('请核对：', {
        unit: '· 单位：城关镇',
        title: '· 标题：宪法宣讲',
        date: '· 日期：2026-12-04',
        place: '· 地点：（未填）',
        participants: '· 人数：300人次',
        materials: '· 资料：（未填）',
        theme: '· 主题：宪法',
        form: '· 形式：宣讲',
        keyDate: '· 节点：国家宪法日',
      })],
      ['确认', ask(1)],
      ['确认', '已登记 #2｜城关镇｜2026-12-04｜宪法｜300人次｜0份'],
    ])
    expect(await reportRows(t)).toHaveLength(2)
  })
})

describe('list, view, edit, withdraw', () => {
  beforeEach(async () => {
    await officer().receive(LINE)
    vi.setSystemTime(at('2026-12-10 10:01'))
    await officer().receive('报送 禁毒宣传 -d 2026-12-09 -p 80')
  })

  it('lists the unit\'s reports, newest first, as 报送 列表 and 我的报送', async () => {
    const list = '最近 2 条报送：\n· #2 2026-12-09 城关镇｜禁毒宣传｜80人次｜0份\n· #1 2026-12-04 城关镇｜宪法进校园宣讲｜300人次｜500份'
    await talk([['报送 列表', list], ['我的报送', list]])
  })

  it('shows one report with its history', async () => {
    await talk([['报送 查看 1', [
      '报送 #1',
      '· 单位：城关镇',
      '· 标题：宪法进校园宣讲',
      '· 日期：2026-12-04',
      '· 地点：城关小学',
      '· 人数：300人次',
      '· 资料：500份',
      '· 主题：宪法',
      '· 形式：讲座',
      '· 节点：国家宪法日',
      '· 登记：o1，2026-12-10 10:00',
    ].join('\n')]])
    await talk([
      ['报送 查看 99', '没有编号为 #99 的报送。'],
      ['报送 查看', '请写上报送编号，例如「报送 查看 128」。'],
      ['报送 查看 第一条', '参数 id 输入无效，请提供一个正整数。'],
    ])
  })

  it('edits only the fields given and records who, when, before and after', async () => {
    const [original] = await reportRows(t)
    vi.setSystemTime(at('2026-12-10 10:30'))
    await talk([['报送 修改 1 -p 350 -l 城关二小', '已修改 #1：\n已登记 #1｜城关镇｜2026-12-04｜宪法｜350人次｜500份']])
    const [edited] = await reportRows(t)
    expect(edited).toEqual({ ...original, participants: 350, place: '城关二小', updatedAt: at('2026-12-10 10:30') })

    const audit = await auditRows(t)
    expect(audit).toHaveLength(3)
    const { id, reportId, action, by, at: when, before, after } = audit[2]
    expect({ id, reportId, action, by, at: when }).toEqual({ id: 3, reportId: 1, action: 'edit', by: 'mock:o1', at: at('2026-12-10 10:30') })
    expect(before).toEqual({
      id: 1, unitId: 1, title: '宪法进校园宣讲', date: '2026-12-04', place: '城关小学', participants: 300, materials: 500,
      theme: '宪法', form: '讲座', keyDate: 'constitution-day', photos: [], photosExpiredAt: null, status: 'active', source: 'line', createdBy: 'mock:o1',
      createdAt: '2026-12-10T02:00:00.000Z', updatedAt: '2026-12-10T02:00:00.000Z',
    })
    expect(after).toEqual({ ...before, participants: 350, place: '城关二小', updatedAt: '2026-12-10T02:30:00.000Z' })

    await talk([['报送 查看 1', expect.stringMatching(/\n· 地点：城关二小\n· 人数：350人次\n[\s\S]*\n· 登记：o1，2026-12-10 10:00\n· 修改：o1，2026-12-10 10:30：地点 城关小学→城关二小；人数 300人次→350人次$/) as unknown as string]])
  })

  it('works out the key date again when the date changes', async () => {
    await talk([['报送 修改 1 -d 2026-12-03', '已修改 #1：\n已登记 #1｜城关镇｜2026-12-03｜宪法｜300人次｜500份']])
    const [report] = await reportRows(t)
    expect(report).toMatchObject({ date: '2026-12-03', keyDate: 'constitution-week' })
    const [, , edit] = await auditRows(t)
    expect(edit.before).toMatchObject({ date: '2026-12-04', keyDate: 'constitution-day' })
    expect(edit.after).toMatchObject({ date: '2026-12-03', keyDate: 'constitution-week' })
    // A 宪法 lecture in 消防宣传月 belongs to no key date: the date alone decides nothing.
    await talk([['报送 修改 1 -d 2026-11-20', '已修改 #1：\n已登记 #1｜城关镇｜2026-11-20｜宪法｜300人次｜500份']])
    expect((await reportRows(t))[0]).toMatchObject({ date: '2026-11-20', keyDate: '' })
  })

  it('edits a report whose optional fields were left empty', async () => {
    await talk([['报送 修改 2 -T 禁毒宣传进校园', '已修改 #2：\n已登记 #2｜城关镇｜2026-12-09｜禁毒｜80人次｜0份']])
    expect((await reportRows(t))[1]).toMatchObject({ title: '禁毒宣传进校园', place: '', theme: '禁毒', form: '', materials: 0 })
    expect((await auditRows(t))[2]).toMatchObject({ action: 'edit', before: { title: '禁毒宣传' }, after: { title: '禁毒宣传进校园' } })
  })

  it('asks what to change, refuses bad values, and leaves the report and the audit table as they were', async () => {
    const reports = await reportRows(t)
    await talk([
      ['报送 修改 1', '请写上要改的项目，例如「报送 修改 128 -p 350」。'],
      ['报送 修改 1 -p 2000000', '人数 2000000 不合常理（最多 1000000），请核对。'],
      ['报送 修改 1 -d 2026-12-25', '日期 2026-12-25 还没到，最晚只能登记到 2026-12-11。'],
      ['报送 修改 99 -p 3', '没有编号为 #99 的报送。'],
    ])
    expect(await reportRows(t)).toEqual(reports)
    expect(await auditRows(t)).toHaveLength(2)
  })

  it('withdraws a report: kept with status withdrawn, recorded, no longer editable', async () => {
    vi.setSystemTime(at('2026-12-10 10:40'))
    await talk([['报送 撤回 2', '已撤回 #2：这条报送不再计入台账，记录和修改历史保留。']])
    const [, withdrawn] = await reportRows(t)
    expect(withdrawn).toMatchObject({ id: 2, title: '禁毒宣传', status: 'withdrawn', updatedAt: at('2026-12-10 10:40'), createdAt: at('2026-12-10 10:01') })
    const [, , entry] = await auditRows(t)
    expect(entry).toMatchObject({ id: 3, reportId: 2, action: 'withdraw', by: 'mock:o1', at: at('2026-12-10 10:40') })
    expect(entry.after).toEqual({ ...entry.before, status: 'withdrawn', updatedAt: '2026-12-10T02:40:00.000Z' })
    expect(entry.before).toMatchObject({ status: 'active', title: '禁毒宣传', participants: 80 })

    await talk([
      ['报送 列表', '最近 2 条报送：\n· #2 2026-12-09 城关镇｜禁毒宣传（已撤回）\n· #1 2026-12-04 城关镇｜宪法进校园宣讲｜300人次｜500份'],
      ['报送 查看 2', [
        '报送 #2（已撤回，不计入台账）',
        '· 单位：城关镇',
        '· 标题：禁毒宣传',
        '· 日期：2026-12-09',
        '· 地点：（未填）',
        '· 人数：80人次',
        '· 资料：0份',
        '· 主题：禁毒',
        '· 形式：（未填）',
        '· 节点：（未填）',
        '· 登记：o1，2026-12-10 10:01',
        '· 撤回：o1，2026-12-10 10:40',
      ].join('\n')],
      ['报送 修改 2 -p 90', '#2 已撤回，不能再修改。'],
      ['报送 撤回 2', '#2 已经撤回过了。'],
    ])
    expect(await auditRows(t)).toHaveLength(3)
    expect((await reportRows(t))[1]).toMatchObject({ participants: 80, status: 'withdrawn' })
  })
})
