import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { at, createBot, TestBot } from './helpers/bot'
import { addressing, bindOfficer, draftRows, GROUP_HINT, reportRows } from './helpers/reports'

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

/** The officer in a private chat with the bot, where every message is meant for it. */
const officer = () => t.client('o1')

async function talk(steps: [message: string, reply: string][], client: ReturnType<TestBot['client']> = officer()) {
  for (const [message, reply] of steps) expect(await client.receive(message), message).toEqual([reply])
}

const HOW = '无误请回复「确认」登记；要改哪项就发“项目 内容”，如「地点 城关小学」「人数 350」「节点 无」；回复「取消」放弃。'

function summary(header: string, fields: Record<string, string>, how = HOW) {
  return [header, ...Object.entries(fields).map(([name, value]) => `· ${name}：${value}`), how].join('\n')
}

describe('a title in quotes', () => {
  const LINE = '报送 “法律八进”之法律进企业民法典宣传 -d 6月16日 -l 和平工业园区 -p 240 -m 1054 -t 民法典 -k 宣讲'

  it('keeps every option after it', async () => {
    await talk([[LINE, '已登记 #1｜城关镇｜2026-06-16｜民法典｜240人次｜1,054份']])
    expect(await reportRows(t)).toMatchObject([{
      title: '“法律八进”之法律进企业民法典宣传', date: '2026-06-16', place: '和平工业园区', participants: 240, materials: 1054,
      theme: '民法典', form: '宣讲', keyDate: '', source: 'line',
    }])
  })

  it('keeps an admin’s -u', async () => {
    await talk([[`${LINE} -u 城关镇`, '已登记 #1｜城关镇｜2026-06-16｜民法典｜240人次｜1,054份']], t.admin('private:admin'))
    expect(await reportRows(t)).toMatchObject([{ unitId: 1, place: '和平工业园区', createdBy: 'mock:admin' }])
  })

  it('keeps the quotes of a title that closes before a space', async () => {
    await talk([['报送 “宪法进万家” 主题宣传 -l 人民广场 -p 500', '已登记 #1｜城关镇｜2026-12-10｜宪法｜500人次｜0份']])
    expect(await reportRows(t)).toMatchObject([{ title: '“宪法进万家” 主题宣传', place: '人民广场', participants: 500 }])
  })

  it('still takes a quoted option value with a space in it', async () => {
    await talk([['报送 宪法宣讲 -l "城关 小学" -p 30', '已登记 #1｜城关镇｜2026-12-10｜宪法｜30人次｜0份']])
    expect(await reportRows(t)).toMatchObject([{ title: '宪法宣讲', place: '城关 小学' }])
  })

  it('is changed by 报送 修改 -T together with the other options', async () => {
    await officer().receive('报送 民法典宣传 -d 昨天 -p 100')
    vi.setSystemTime(at('2026-12-10 10:30'))
    await talk([['报送 修改 1 -T “法律八进”之法律进乡村宣讲 -l 李家村 -p 393', '已修改 #1：\n已登记 #1｜城关镇｜2026-12-09｜民法典｜393人次｜0份']])
    expect(await reportRows(t)).toMatchObject([{ title: '“法律八进”之法律进乡村宣讲', place: '李家村', participants: 393 }])
    // A quoted value followed by the next option keeps its quotes, and the option after it counts.
    await talk([['报送 修改 1 -T “法律八进” -m 20', '已修改 #1：\n已登记 #1｜城关镇｜2026-12-09｜民法典｜393人次｜20份']])
    expect(await reportRows(t)).toMatchObject([{ title: '“法律八进”', materials: 20 }])
    vi.setSystemTime(at('2026-12-10 10:30'))
    const [view] = await officer().receive('报送 查看 1')
    expect(view.split('\n').slice(-2)).toEqual([
      '· 修改：o1，2026-12-10 10:30：标题 民法典宣传→“法律八进”之法律进乡村宣讲；地点 （未填）→李家村；人数 100人次→393人次',
      '· 修改：o1，2026-12-10 10:30：标题 “法律八进”之法律进乡村宣讲→“法律八进”；资料 0份→20份',
    ])
  })
})

describe('the key date', () => {
  it('is chosen by date and theme, shown before 确认, and follows a corrected theme', async () => {
    await talk([
      ['报送 11月28日在县职业中学开展反诈讲座，参与学生500人', summary('我从这段话里看出的是：', {
        单位: '城关镇', 标题: '反诈讲座', 日期: '2026-11-28', 地点: '县职业中学', 人数: '500人次', 资料: '（未填）', 主题: '反诈', 形式: '讲座', 节点: '（未填）',
      })],
      ['主题 消防', summary('已修改，请再核对：', {
        单位: '城关镇', 标题: '反诈讲座', 日期: '2026-11-28', 地点: '县职业中学', 人数: '500人次', 资料: '（未填）', 主题: '消防', 形式: '讲座', 节点: '消防宣传月',
      })],
      ['节点 无', summary('已修改，请再核对：', {
        单位: '城关镇', 标题: '反诈讲座', 日期: '2026-11-28', 地点: '县职业中学', 人数: '500人次', 资料: '（未填）', 主题: '消防', 形式: '讲座', 节点: '无（不计入任何节点）',
      })],
      ['确认', '已登记 #1｜城关镇｜2026-11-28｜消防｜500人次｜0份'],
    ])
    expect(await reportRows(t)).toMatchObject([{ theme: '消防', keyDate: '' }])
  })

  it('is cleared by -n 无 in one line and in 报送 修改', async () => {
    await talk([
      ['报送 宪法宣讲 -d 12月4日 -n 无', '已登记 #1｜城关镇｜2026-12-04｜宪法｜0人次｜0份'],
      ['报送 宪法进校园宣讲 -d 12月3日', '已登记 #2｜城关镇｜2026-12-03｜宪法｜0人次｜0份'],
    ])
    expect((await reportRows(t)).map(row => row.keyDate)).toEqual(['', 'constitution-week'])
    await talk([['报送 修改 2 -n 无', '已修改 #2：\n已登记 #2｜城关镇｜2026-12-03｜宪法｜0人次｜0份']])
    await talk([['报送 修改 1 -n 国家宪法日', '已修改 #1：\n已登记 #1｜城关镇｜2026-12-04｜宪法｜0人次｜0份']])
    expect((await reportRows(t)).map(row => row.keyDate)).toEqual(['constitution-day', ''])
  })

  it('is none for a theme the key date is not about', async () => {
    await officer().receive('报送 禁毒讲座 -d 12月3日')
    expect(await reportRows(t)).toMatchObject([{ theme: '禁毒', form: '讲座', keyDate: '' }])
  })
})

describe('a labelled form pasted line by line', () => {
  it('gives each value to its field', async () => {
    const form = ['报送 活动名称：民法典进乡村宣讲', '活动时间：11月26日', '活动地点：青城镇哈班岔村', '参与人数：90人', '发放资料：484份'].join('\n')
    await talk([[form, summary('我从这段话里看出的是：', {
      单位: '城关镇', 标题: '民法典进乡村宣讲', 日期: '2026-11-26', 地点: '青城镇哈班岔村', 人数: '90人次', 资料: '484份', 主题: '民法典', 形式: '宣讲', 节点: '（未填）',
    })]])
  })
})

describe('a dialogue in a group', () => {
  it('takes only answers that @ the bot, and says so in every question', async () => {
    const group = t.client('o1', 'g1')
    await talk([['报送', `请说说活动名称，例如：宪法进校园宣讲。\n回复「取消」可随时放弃。\n${GROUP_HINT}`]], group)
    // Chat with a colleague is not an answer.
    expect(await group.receive('收到')).toEqual([])
    expect(await group.receive('确认')).toEqual([])
    expect(await draftRows(t)).toMatchObject([{ step: 'title', fields: {} }])
    const [next] = await addressing(group).receive('宪法宣讲')
    expect(next.startsWith('活动是哪天？')).toBe(true)
    expect(next.endsWith(GROUP_HINT)).toBe(true)
    expect(await group.receive('好的，马上到')).toEqual([])
    expect(await draftRows(t)).toMatchObject([{ step: 'date', fields: { title: '宪法宣讲' } }])
  })
})

describe('a draft left for a while', () => {
  it('is shown again, not filed, by a 确认 after the offer to continue', async () => {
    await officer().receive('报送 12月8日在东街社区开展民法典讲座，参与群众80人')
    await vi.advanceTimersByTimeAsync(30 * MINUTE)
    const offer = (saved: string) => `你有一份没报完的报送「民法典讲座」（${saved} 保存），回复「继续」接着填，回复「重新开始」放弃它重新填，回复「取消」不报了。`
    const draft = summary('请核对：', {
      单位: '城关镇', 标题: '民法典讲座', 日期: '2026-12-08', 地点: '东街社区', 人数: '80人次', 资料: '（未填）', 主题: '民法典', 形式: '讲座', 节点: '（未填）',
    })
    await talk([
      ['报送', offer('2026-12-10 10:00')],
      // Anything but 继续, 重新开始, 取消 or 确认 gets the offer again (the draft was kept at 10:30).
      ['收到', offer('2026-12-10 10:30')],
      ['确认', draft],
    ])
    expect(await reportRows(t)).toEqual([])
    await talk([['确认', '已登记 #1｜城关镇｜2026-12-08｜民法典｜80人次｜0份']])
  })

  it('that cannot be filed lists what to fix instead of offering 确认', async () => {
    const fix = '改好以上问题才能登记：发“项目 内容”修改，如「标题 宪法进校园宣讲」；回复「取消」放弃。'
    await talk([['报送 在东街社区开展普法宣传，参与群众80人', summary('我从这段话里看出的是：', {
      单位: '城关镇', 标题: '普法宣传', 日期: '（未填）', 地点: '东街社区', 人数: '80人次', 资料: '（未填）', 主题: '法治宣传教育', 形式: '（未填）', 节点: '（未填）',
    }, `缺少日期。\n${fix}`)]])
    await vi.advanceTimersByTimeAsync(30 * MINUTE)
    await officer().receive('报送')
    expect(await officer().receive('确认')).toEqual([summary('请核对：', {
      单位: '城关镇', 标题: '普法宣传', 日期: '（未填）', 地点: '东街社区', 人数: '80人次', 资料: '（未填）', 主题: '法治宣传教育', 形式: '（未填）', 节点: '（未填）',
    }, `缺少日期。\n${fix}`)])
    expect(await officer().receive('确认')).toEqual(['缺少日期。'])
    expect(await reportRows(t)).toEqual([])
  })
})

describe('figures and lists', () => {
  it('shows counts exactly, never rounded to 万', async () => {
    await talk([['报送 反诈直播 -p 101234 -m 12000', '已登记 #1｜城关镇｜2026-12-10｜反诈｜101,234人次｜12,000份']])
    await talk([['报送 列表', '最近 1 条报送：\n· #1 2026-12-10 城关镇｜反诈直播｜101,234人次｜12,000份']])
  })

  it('lists every form, theme and key date on 报送 帮助', async () => {
    const [help] = await officer().receive('报送 帮助')
    const lines = help.split('\n')
    expect(lines[0]).toBe('活动形式（-k，共 17 种，括号里的说法也认）：')
    expect(lines[1]).toContain('集中宣传（宣传日、广场宣传、摆摊宣传、设点宣传、宣传咨询日）')
    expect(lines[1].split('；')).toHaveLength(17)
    expect(lines[2]).toBe(`宣传主题（-t，共 ${t.app.pufaContent.library.themes.size} 个）：`)
    expect(lines[3].split('、')).toEqual([...t.app.pufaContent.library.themes.keys()])
    expect(lines[4]).toMatch(/^节点（-n，共 \d+ 个，不属于任何节点写「无」）：$/)
    expect(lines[5]).toContain('国家宪法日')
    // The same words are taken as -k and -t.
    await talk([['报送 法律进企业 -k 集中宣传 -t 电力', '已登记 #1｜城关镇｜2026-12-10｜安全生产｜0人次｜0份']])
    expect(await reportRows(t)).toMatchObject([{ form: '集中宣传', theme: '安全生产' }])
  })
})

describe('a paragraph pasted over several lines', () => {
  it('is read with its line breaks', async () => {
    const paste = ['报送 11月26日', '在青城镇哈班岔村', '开展民法典进乡村宣讲', '参与村民90人', '发放资料484份'].join('\n')
    await talk([[paste, summary('我从这段话里看出的是：', {
      单位: '城关镇', 标题: '民法典进乡村宣讲', 日期: '2026-11-26', 地点: '青城镇哈班岔村', 人数: '90人次', 资料: '484份', 主题: '民法典', 形式: '宣讲', 节点: '（未填）',
    })]])
  })
})
