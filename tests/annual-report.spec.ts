import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { unzipSync } from 'fflate'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as annual from '../plugins/annual-report/src'
import * as duties from '../plugins/duties/src'
import { Report } from '../plugins/reports/src/models'
import { at, createBot, ROOT, TestBot } from './helpers/bot'
import { bindOfficer } from './helpers/reports'

type Seed = Pick<Report, 'date' | 'title' | 'place' | 'participants' | 'materials' | 'theme' | 'form'> & {
  unit: string
  keyDate?: string
  photos?: number
  withdrawn?: boolean
}

const SEEDS: Seed[] = [
  { unit: '城关镇', date: '2026-03-10', title: '民法典进社区', place: '东街社区', theme: '民法典', form: '讲座', participants: 120, materials: 300, photos: 3 },
  { unit: '城关镇', date: '2026-04-15', title: '国家安全教育日宣传', place: '城关广场', theme: '国家安全', form: '宣讲', participants: 450, materials: 800, keyDate: 'national-security-day', photos: 2 },
  { unit: '城关镇', date: '2026-05-20', title: '婚姻家庭法律讲座', place: '镇政府', theme: '婚姻家庭', form: '讲座', participants: 60, materials: 90 },
  { unit: '城关镇', date: '2026-05-20', title: '反诈宣传', place: '', theme: '反诈', form: '以案释法', participants: 80, materials: 0, photos: 1 },
  { unit: '城关镇', date: '2026-12-04', title: '国家宪法日宣传', place: '城关广场', theme: '宪法', form: '发放资料', participants: 500, materials: 1200, keyDate: 'constitution-day', photos: 4 },
  { unit: '城关镇', date: '2026-06-05', title: '撤回的活动', place: '', theme: '民法典', form: '讲座', participants: 999, materials: 999, withdrawn: true, photos: 5 },
  { unit: '城关镇', date: '2025-11-01', title: '去年的活动', place: '', theme: '宪法', form: '讲座', participants: 777, materials: 777 },
  { unit: '县公安局', date: '2026-02-01', title: '反诈以案释法', place: '县一中', theme: '反诈', form: '以案释法', participants: 600, materials: 1000, photos: 2 },
  { unit: '县公安局', date: '2026-06-01', title: '反诈进校园', place: '城关小学', theme: '反诈', form: '讲座', participants: 200, materials: 300 },
  { unit: '县公安局', date: '2026-04-15', title: '国家安全宣讲', place: '', theme: '国家安全', form: '宣讲', participants: 150, materials: 100, keyDate: 'national-security-day' },
  { unit: '县教育局', date: '2026-09-01', title: '开学第一课', place: '县第一中学', theme: '宪法', form: '讲座', participants: 1200, materials: 0, photos: 1 },
]

const KEY_DATES: Record<string, string> = { 'national-security-day': '全民国家安全教育日', 'constitution-day': '国家宪法日' }

let t: TestBot

async function start(ledgerFiles = false) {
  t = await createBot({ ledger: { filePlatforms: ledgerFiles ? ['mock'] : [] } })
  t.app.plugin(duties, duties.Config({ file: resolve(__dirname, 'fixtures/duties.yml') }))
  t.app.plugin(annual, annual.Config({ dir: reportsDir() }))
  await bindOfficer(t, 'o1', '城关镇')
  await bindOfficer(t, 'o3', '河口乡')
  const units = new Map((await t.app.database.get('pufa_unit', {})).map(unit => [unit.name, unit.id]))
  // Through the write path every report takes, so the ledger's figures are the real ones.
  for (const seed of SEEDS) {
    const { unit, keyDate = '', withdrawn, photos = 0, ...fields } = seed
    await t.app.pufaReports.audit('create', 'seed', null, db => db.create('pufa_report', {
      ...fields, unitId: units.get(unit)!, keyDate, photos: Array.from({ length: photos }, (_, i) => `${fields.title}-${i}.jpg`),
      status: withdrawn ? 'withdrawn' : 'active', source: 'line', createdBy: 'seed', createdAt: new Date(), updatedAt: new Date(),
    }))
  }
}

/** Drafts go next to the test's database file. */
const reportsDir = () => join(dirname(t.file!), 'reports')

beforeEach(() => {
  vi.useFakeTimers({ now: at('2026-12-10 09:00'), toFake: ['Date'] })
})

afterEach(async () => {
  await t.dispose()
  vi.useRealTimers()
})

/** The document's text as lines: one per paragraph, one per table row with its cells joined by “ | ”. */
function documentLines(buffer: Uint8Array): string[] {
  const xml = new TextDecoder().decode(unzipSync(buffer)['word/document.xml'])
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, '\'').replace(/&amp;/g, '&')
  const text = (part: string) => unescape([...part.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map(m => m[1]).join(''))
  const lines: string[] = []
  for (const [block, table] of xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>|<w:p[ >][\s\S]*?<\/w:p>/g)) {
    if (!table) {
      lines.push(text(block))
      continue
    }
    for (const [row] of table.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)) {
      lines.push([...row.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map(([cell]) => text(cell)).join(' | '))
    }
  }
  return lines
}

/** The rows of the table under a heading, header first. */
function tableAfter(lines: string[], heading: string) {
  const start = lines.indexOf(heading)
  expect(start, heading).toBeGreaterThanOrEqual(0)
  let first = start + 1
  // No table before the next heading: none.
  while (first < lines.length && !lines[first].includes(' | ')) {
    if (/^([一二三四五]、|（[一二三]）)/.test(lines[first])) return []
    first++
  }
  const rows: string[] = []
  for (let i = first; i < lines.length && lines[i].includes(' | '); i++) rows.push(lines[i])
  return rows
}

/** The draft the last reply names, read back from the saved file. */
function savedDraft(reply: string) {
  const path = /：(data\S+|\S+\.docx)$/m.exec(reply.split('\n')[0])?.[1]
  expect(path, reply).toBeDefined()
  const file = resolve(ROOT, path!)
  return { file, lines: documentLines(readFileSync(file)) }
}

// ───────────── independent sums over the seeds ─────────────

const active = (unit?: string) => SEEDS.filter(s => !s.withdrawn && s.date.startsWith('2026') && (!unit || s.unit === unit))
const sum = (seeds: Seed[]) => ({
  count: seeds.length,
  participants: seeds.reduce((n, s) => n + s.participants, 0),
  materials: seeds.reduce((n, s) => n + s.materials, 0),
})
const row = (name: string, seeds: Seed[]) => {
  const { count, participants, materials } = sum(seeds)
  return `${name} | ${count} | ${participants} | ${materials}`
}
function grouped(seeds: Seed[], key: (s: Seed) => string, name = (k: string) => k) {
  const keys = [...new Set(seeds.map(key))].filter(Boolean)
  return keys.map(k => row(name(k), seeds.filter(s => key(s) === k))).sort()
}
const dateText = (date: string) => date.replace(/^\d{4}-0?(\d+)-0?(\d+)$/, '$1月$2日')

/** Every figure the draft states, computed from the seeds, checked against the document. */
function expectFigures(lines: string[], seeds: Seed[], county: boolean) {
  const totals = sum(seeds)
  const photos = seeds.reduce((n, s) => n + (s.photos ?? 0), 0)
  expect(lines).toContain(`全年共开展普法活动${totals.count}场次，参与群众${totals.participants}人次，发放各类法治宣传资料${totals.materials}份，留存活动照片${photos}张。`)
  expect(tableAfter(lines, '（一）按宣传主题').slice(1).sort()).toEqual(grouped(seeds, s => s.theme))
  expect(tableAfter(lines, '（二）按活动形式').slice(1).sort()).toEqual(grouped(seeds, s => s.form))
  expect(tableAfter(lines, '（一）重要节点宣传').slice(1).sort()).toEqual(grouped(seeds, s => s.keyDate ?? '', k => KEY_DATES[k]))
  const tagged = seeds.filter(s => s.keyDate)
  const keyDateCount = new Set(tagged.map(s => s.keyDate)).size
  expect(lines).toContain(tagged.length
    ? `围绕${keyDateCount}个重要时间节点开展主题宣传${tagged.length}场次，参与群众${sum(tagged).participants}人次，发放宣传资料${sum(tagged).materials}份。`
    : '本年度台账中没有标注重要时间节点的活动。')
  expect(tableAfter(lines, '（三）按月份')).toEqual([
    '月份 | 场次 | 参与人次 | 资料份数',
    ...Array.from({ length: 12 }, (_, i) => row(`${i + 1}月`, seeds.filter(s => Number(s.date.slice(5, 7)) === i + 1))),
    row('合计', seeds),
  ])
  const top = [...seeds].sort((a, b) => b.participants - a.participants || a.date.localeCompare(b.date)).slice(0, 10)
  expect(tableAfter(lines, '（二）主要活动')).toEqual([
    county ? '日期 | 单位 | 活动名称 | 地点 | 参与人次 | 资料份数' : '日期 | 活动名称 | 地点 | 参与人次 | 资料份数',
    ...top.map(s => [dateText(s.date), ...county ? [s.unit] : [], s.title, s.place || '—', s.participants, s.materials].join(' | ')),
  ])
}

describe('履职报告 for a unit', () => {
  it('drafts the unit report with every figure from its reports and the blanks to fill in', async () => {
    await start()
    const [reply] = await t.client('o1', 'g1').receive('履职报告')
    expect(reply).toMatch(/^已生成城关镇履职报告草稿（2026年，数据截至2026年12月10日）：\S+\/reports\/城关镇履职报告-2026-202612100900\.docx\n本平台不能直接发送文件，请运维人员从服务器上的上述位置取出。$/)
    const { file, lines } = savedDraft(reply)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(lines.slice(0, 3)).toEqual([
      '城关镇2026年度“谁执法谁普法”普法履职报告',
      '（草稿：数据取自普法台账，截至2026年12月10日，2026年12月10日生成；【待填写】处请补充后定稿）',
      expect.stringMatching(/^2026年，城关镇以习近平法治思想为指导，认真贯彻《中华人民共和国法治宣传教育法》，按照“九五”普法规划的部署/),
    ])
    for (const section of ['一、组织领导', '二、制度保障', '三、重点工作与节点活动', '四、数据', '五、存在问题与下一步打算']) expect(lines).toContain(section)
    expect(lines.filter(line => line.startsWith('【待填写：')).length).toBe(6)
    expectFigures(lines, active('城关镇'), false)

    // Duties from the 责任清单, counted as 「清单」 counts them.
    const mine = active('城关镇')
    expect(lines).toContain('本年度本单位普法责任清单共6项，截至2026年12月10日已完成5项，未完成1项，逐项情况如下。')
    expect(tableAfter(lines, '二、制度保障')).toEqual([
      '职责 | 目标 | 完成 | 截止日期 | 状态',
      `全年开展普法活动不少于 4 场 | 4场 | ${mine.length}场 | 12月31日 | 已完成`,
      `开展民法典宣传不少于 2 场 | 2场 | ${mine.filter(s => ['民法典', '婚姻家庭'].includes(s.theme) && s.date <= '2026-06-30').length}场 | 6月30日 | 已完成`,
      '国家安全教育日开展活动 | 1场 | 1场 | 4月30日 | 已完成',
      `发放资料不少于 1000 份 | 1000份 | ${sum(mine).materials}份 | 12月31日 | 已完成`,
      `覆盖群众不少于 500 人次 | 500人次 | ${sum(mine).participants}人次 | 12月31日 | 已完成`,
      '报送年度普法工作总结 | 完成 | 未完成 | 12月20日 | 未完成',
    ])
    expect(lines).toContain('责任清单中尚未完成的职责：报送年度普法工作总结。')
    expect(lines).toContain('1月、2月、6月、7月、8月、9月、10月、11月没有活动报送。')
  })

  it('gives a unit without reports a draft that states zeros plainly', async () => {
    await start()
    const [reply] = await t.client('o3', 'g1').receive('履职报告 2026年')
    const { lines } = savedDraft(reply)
    expect(lines[0]).toBe('河口乡2026年度“谁执法谁普法”普法履职报告')
    expect(lines).toContain('全年共开展普法活动0场次，参与群众0人次，发放各类法治宣传资料0份，留存活动照片0张。')
    expect(lines).toContain('本年度台账中没有活动报送记录，以上数据均为零。')
    expect(lines).toContain('本年度台账中没有标注重要时间节点的活动。')
    expect(lines).toContain('本年度台账中没有活动记录。')
    expect(tableAfter(lines, '（三）按月份').slice(1)).toEqual([
      ...Array.from({ length: 12 }, (_, i) => `${i + 1}月 | 0 | 0 | 0`),
      '合计 | 0 | 0 | 0',
    ])
    expect(lines).toContain('本年度本单位普法责任清单共6项，截至2026年12月10日已完成0项，未完成6项，逐项情况如下。')
    expect(lines).toContain('1月、2月、3月、4月、5月、6月、7月、8月、9月、10月、11月、12月没有活动报送。')
    expect(lines.filter(line => line.startsWith('【待填写：')).length).toBe(6)
  })

  it('reports a past year as it stood at its end, and says when a year has no 责任清单', async () => {
    await start()
    const [reply] = await t.admin('office').receive('履职报告 2025 城关镇')
    expect(reply).toContain('（2025年，数据截至2025年12月31日）')
    const { lines } = savedDraft(reply)
    expectFigures(lines, SEEDS.filter(s => s.unit === '城关镇' && s.date.startsWith('2025')), false)
    expect(lines).toContain('2025年度的普法责任清单尚未录入，本部分没有清单数据。')
  })
})

describe('履职报告 for the county', () => {
  it('drafts the 年度普法工作总结 with county-wide figures, silent units and duties by unit', async () => {
    await start()
    const [reply] = await t.admin('office').receive('履职报告')
    expect(reply).toMatch(/^已生成全县年度普法工作总结草稿（2026年，数据截至2026年12月10日）：\S+\.docx\n本平台不能直接发送文件，请运维人员从服务器上的上述位置取出。$/)
    const { lines } = savedDraft(reply)
    expect(lines[0]).toBe('2026年度普法工作总结')
    expectFigures(lines, active(), true)

    const units = (await t.app.database.get('pufa_unit', { active: true }, { sort: { id: 'asc' } })).map(u => u.name)
    const reported = new Set(active().map(s => s.unit))
    const silent = units.filter(u => !reported.has(u))
    expect(lines).toContain(`全县${units.length}个在册单位中，${reported.size}个单位报送了活动，${silent.length}个单位全年没有报送：${silent.join('、')}。`)
    expect(lines).toContain(`${silent.length}个在册单位全年没有报送活动。`)
    // Nobody is marked for 报送年度普法工作总结, so no unit has met every duty.
    expect(lines).toContain(`全县${units.length}个在册单位，截至2026年12月10日已完成本年度普法责任清单全部职责的0个，尚有未完成职责的${units.length}个。`)
    const duties = tableAfter(lines, '二、制度保障')
    expect(duties[0]).toBe('单位 | 职责项数 | 已完成 | 未完成的职责')
    expect(duties).toContain('城关镇 | 6 | 5 | 报送年度普法工作总结')
    expect(duties).toHaveLength(units.length + 1)
  })
})

describe('履职报告 permissions and delivery', () => {
  it('lets an officer draft only their own unit, and members nothing, writing no file', async () => {
    await start()
    expect(await t.client('o1', 'g1').receive('履职报告 县公安局')).toEqual(['联络员只能生成本单位（城关镇）的履职报告。'])
    expect(await t.client('m1', 'g1').receive('履职报告')).toEqual(['「履职报告」供联络员和管理员使用。联络员请先用「绑定 邀请码」绑定单位。'])
    expect(await t.admin('office').receive('履职报告 2027')).toEqual(['2027 年还没到，请写今年或往年，例如「履职报告 城关镇 2026」。'])
    expect(await t.admin('office').receive('履职报告 城关真')).toEqual(['没有找到单位“城关真”，是不是“城关镇”？发送「单位 列表」查看全部单位。'])
    expect(existsSync(reportsDir()) ? readdirSync(reportsDir()) : []).toEqual([])
    const [reply] = await t.admin('office').receive('履职报告 县公安局')
    expect(savedDraft(reply).lines[0]).toBe('县公安局2026年度“谁执法谁普法”普法履职报告')
  })

  it('sends the file privately to the requester where the platform takes files', async () => {
    await start(true)
    const [reply] = await t.client('o1', 'g1').receive('履职报告')
    expect(reply.split('\n')[1]).toBe('文件已私信发给你，请在私聊中查收；没有发到群里。')
    const { file } = savedDraft(reply)
    expect(t.bot.to('g1')).toEqual([])
    expect(t.bot.to('private:o1')).toEqual([`<file title="${basename(file)}" src="${pathToFileURL(file).href}"/>`])
  })

  it('says where the draft is when the private message is refused', async () => {
    await start(true)
    t.bot.rejecting.set('private:o1', 'not friends')
    const [reply] = await t.client('o1', 'g1').receive('履职报告')
    expect(reply.split('\n')[1]).toBe('私信发送文件没有成功（请先加机器人为好友或与它开启私聊，再私聊发送「履职报告」），也可请运维人员从服务器上的上述位置取出。')
    expect(existsSync(savedDraft(reply).file)).toBe(true)
    expect(t.bot.outbox).toEqual([])
  })
})
