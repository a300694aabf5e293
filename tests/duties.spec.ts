import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as duties from '../plugins/duties/src'
import { Report } from '../plugins/reports/src/models'
import { DataFileError } from '../src/data-file'
import { loadDuties } from '../src/duties/load'
import { loadLibrary } from '../src/content/library'
import { FORMS } from '../src/reports/fields'
import { at, createBot, ROOT, TestBot } from './helpers/bot'
import { bindOfficer } from './helpers/reports'

const FIXTURE = resolve(__dirname, 'fixtures/duties.yml')

type Seed = Pick<Report, 'date' | 'participants' | 'materials' | 'theme' | 'form'> & { unit: string; keyDate?: string; withdrawn?: boolean }

const SEEDS: Seed[] = [
  { unit: '城关镇', date: '2026-03-10', theme: '民法典', form: '讲座', participants: 100, materials: 200 },
  { unit: '城关镇', date: '2026-04-15', theme: '国家安全', form: '宣讲', participants: 300, materials: 400, keyDate: 'national-security-day' },
  { unit: '城关镇', date: '2026-05-20', theme: '婚姻家庭', form: '讲座', participants: 50, materials: 100 },
  { unit: '城关镇', date: '2026-06-10', theme: '反诈', form: '以案释法', participants: 80, materials: 0 },
  { unit: '城关镇', date: '2026-07-01', theme: '民法典', form: '讲座', participants: 40, materials: 40 },
  { unit: '城关镇', date: '2026-05-05', theme: '民法典', form: '讲座', participants: 999, materials: 999, withdrawn: true },
  { unit: '县公安局', date: '2026-02-01', theme: '反诈', form: '以案释法', participants: 500, materials: 1000 },
  { unit: '县公安局', date: '2026-06-01', theme: '反诈', form: '讲座', participants: 200, materials: 300 },
  { unit: '县公安局', date: '2025-12-01', theme: '反诈', form: '讲座', participants: 900, materials: 900 },
]

let t: TestBot

beforeEach(async () => {
  vi.useFakeTimers({ now: at('2026-07-01 10:00'), toFake: ['Date'] })
  t = await createBot()
  t.app.plugin(duties, duties.Config({ file: FIXTURE }))
  await bindOfficer(t, 'o1', '城关镇')
  await bindOfficer(t, 'o2', '县公安局')
  const units = new Map((await t.app.database.get('pufa_unit', {})).map(unit => [unit.name, unit.id]))
  // Through the write path every report takes, so the ledger's figures are the real ones.
  for (const [index, seed] of SEEDS.entries()) {
    const { unit, keyDate = '', withdrawn, ...fields } = seed
    await t.app.pufaReports.audit('create', 'seed', null, db => db.create('pufa_report', {
      ...fields, unitId: units.get(unit)!, title: `活动${index + 1}`, place: '', keyDate, photos: [],
      status: withdrawn ? 'withdrawn' : 'active', source: 'line', createdBy: 'seed', createdAt: new Date(), updatedAt: new Date(),
    }))
  }
})

afterEach(async () => {
  await t.dispose()
  vi.useRealTimers()
})

/** Independent count over the seeds: active 2026 reports of a unit up to a deadline. */
function count(unit: string, due: string, pick: (seed: Seed) => boolean, field?: 'participants' | 'materials') {
  return SEEDS.filter(s => s.unit === unit && !s.withdrawn && s.date >= '2026-01-01' && s.date <= due && pick(s))
    .reduce((sum, s) => sum + (field ? s[field] : 1), 0)
}

describe('清单 for a unit', () => {
  it('shows each duty done against its target, counted from the reports', async () => {
    const civil = count('城关镇', '2026-06-30', s => ['民法典', '婚姻家庭', '继承', '合同', '侵权责任', '物权', '人格权'].includes(s.theme))
    const [reply] = await t.client('o1', 'g1').receive('清单')
    expect(reply).toBe([
      '城关镇 2026年普法责任清单（截至7月1日）：完成 4/6 项，落后或逾期 0 项',
      `✅ 全年开展普法活动不少于 4 场：${count('城关镇', '2026-12-31', () => true)}/4场`,
      `✅ 开展民法典宣传不少于 2 场：${civil}/2场`,
      `✅ 国家安全教育日开展活动：${count('城关镇', '2026-04-30', s => s.keyDate === 'national-security-day')}/1场`,
      `⏳ 发放资料不少于 1000 份：${count('城关镇', '2026-12-31', () => true, 'materials')}/1000份（12月31日截止）`,
      `✅ 覆盖群众不少于 500 人次：${count('城关镇', '2026-12-31', () => true, 'participants')}/500人次`,
      '📝 报送年度普法工作总结：待管理员标记完成（12月20日截止，编号 summary）',
      '下一个截止：12月20日 报送年度普法工作总结',
    ].join('\n'))
  })

  it('marks a unit behind its share of the year and overdue after a deadline', async () => {
    const [reply] = await t.admin('office').receive('清单 县公安局')
    expect(reply.split('\n')).toEqual([
      '县公安局 2026年普法责任清单（截至7月1日）：完成 2/7 项，落后或逾期 2 项',
      '⏳ 全年开展普法活动不少于 4 场：2/4场（12月31日截止）',
      '❌ 开展民法典宣传不少于 2 场：0/2场，6月30日已截止',
      '❌ 国家安全教育日开展活动：0/1场，4月30日已截止',
      `✅ 覆盖群众不少于 500 人次：${count('县公安局', '2026-12-31', () => true, 'participants')}/500人次`,
      `✅ 开展以案释法不少于 1 场：${count('县公安局', '2026-12-31', s => s.form === '以案释法')}/1场`,
      '📝 报送年度普法工作总结：待管理员标记完成（12月20日截止，编号 summary）',
      `⏳ 开展反诈宣传不少于 3 场：${count('县公安局', '2026-12-31', s => s.theme === '反诈')}/3场（12月31日截止）`,
      '下一个截止：12月20日 报送年度普法工作总结',
    ])
    const [quiet] = await t.admin('office').receive('清单 河口乡')
    expect(quiet).toContain('⚠️ 全年开展普法活动不少于 4 场：0/4场，按进度此时应有 2场（12月31日截止）')
    expect(quiet).toContain('⚠️ 覆盖群众不少于 500 人次：0/500人次，按进度此时应有 250人次（12月31日截止）')
  })

  it('lets an officer see only their own unit, and members none', async () => {
    expect(await t.client('o1', 'g1').receive('清单 县公安局')).toEqual(['联络员只能查看本单位（城关镇）的责任清单。'])
    expect(await t.client('m1', 'g1').receive('清单')).toEqual(['「清单」供联络员和管理员使用。联络员请先用「绑定 邀请码」绑定单位。'])
  })

  it('judges a past year as it stood at its end, and says when a year has no list', async () => {
    expect(await t.client('o1', 'g1').receive('清单 2025')).toEqual(['还没有 2025 年的责任清单（已有：2026）。请在 config/duties.yml 里添加这一年。'])
  })
})

describe('清单 for the county', () => {
  it('sorts units by how far behind they are', async () => {
    const [reply] = await t.admin('office').receive('清单')
    const lines = reply.split('\n')
    expect(lines[0]).toMatch(/^2026年普法责任清单，截至7月1日，\d+ 个单位按落后程度排列：$/)
    const line = (unit: string) => lines.findIndex(l => l.includes(`. ${unit}：`))
    expect(lines[line('城关镇')]).toMatch(/城关镇：完成 4\/6 项，逾期 0 项，落后 0 项$/)
    expect(lines[line('县公安局')]).toMatch(/县公安局：完成 2\/7 项，逾期 2 项，落后 0 项$/)
    expect(lines[line('河口乡')]).toMatch(/河口乡：完成 0\/6 项，逾期 2 项，落后 3 项$/)
    expect(line('河口乡')).toBeLessThan(line('县公安局'))
    expect(line('县公安局')).toBeLessThan(line('城关镇'))
    expect(lines.at(-1)).toBe('发「清单 单位名」看一个单位的明细，「清单 单位名 2025」看往年。')
  })
})

describe('清单 完成', () => {
  it('marks a plain duty done with a note and a report of that unit, and can undo it', async () => {
    const [report] = await t.app.database.get('pufa_report', { title: '活动1' })
    expect(await t.admin('office').receive(`清单 完成 城关镇 summary -m 12月18日已报送 -r ${report.id}`))
      .toEqual(['已标记：城关镇 2026年“报送年度普法工作总结”已完成。'])
    const [mark] = await t.app.database.get('pufa_duty_mark', {})
    expect(mark).toMatchObject({ year: 2026, dutyId: 'summary', note: '12月18日已报送', reportId: report.id, by: 'mock:admin' })
    expect((await t.client('o1', 'g1').receive('清单'))[0]).toContain('✅ 报送年度普法工作总结：已完成')
    expect(await t.admin('office').receive('清单 撤销 城关镇 summary')).toEqual(['已撤销：城关镇“报送年度普法工作总结”改为未完成。'])
    expect(await t.app.database.get('pufa_duty_mark', {})).toEqual([])
  })

  it('refuses what it cannot mark, writing nothing', async () => {
    const [other] = await t.app.database.get('pufa_report', { title: '活动7' })
    expect(await t.admin('office').receive(`清单 完成 城关镇 summary -r ${other.id}`)).toEqual([`报送 #${other.id} 不存在、已撤回或不属于城关镇。`])
    expect(await t.admin('office').receive('清单 完成 城关镇 activities')).toEqual(['“全年开展普法活动不少于 4 场”由报送自动统计，不需要手动标记。'])
    expect(await t.admin('office').receive('清单 完成 城关镇 nope')).toEqual(['城关镇 没有编号为“nope”的职责。可用的编号：activities、civil-code、security-day、materials、audience、summary'])
    expect((await t.client('o1', 'g1').receive('清单 完成 城关镇 summary'))[0]).toMatch(/^「清单 完成」仅限管理员/)
    expect(await t.app.database.get('pufa_duty_mark', {})).toEqual([])
  })
})

describe('duties.yml', () => {
  const library = loadLibrary(resolve(ROOT, 'config'))
  const refs = {
    themes: new Set(library.themes.keys()),
    keyDates: new Set(library.calendar.entries.map(e => e.id)),
    forms: FORMS,
    kinds: ['乡镇/街道', '部门', '学校', '企业', '村(社区)', '其他'],
  }

  it('ships a list that loads', () => {
    expect(loadDuties(resolve(ROOT, 'config/duties.yml'), refs).map(y => y.year)).toContain(2026)
  })

  it('names the file, entry and field of every problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pufa-duties-'))
    const file = join(dir, 'duties.yml')
    writeFileSync(file, [
      '- year: 2026',
      '  duties:',
      '    - id: a',
      '      title: 没有这个主题的职责',
      '      measure: { activities: 1, theme: 火星 }',
      '    - id: a',
      '      title: 两个目标的职责',
      '      measure: { activities: 1, materials: 2 }',
      '      kinds: [村委]',
    ].join('\n'))
    try {
      expect(() => loadDuties(file, refs)).toThrow(DataFileError)
      try {
        loadDuties(file, refs)
      } catch (error) {
        expect((error as DataFileError).problems).toEqual([
          'duties.yml 第 1 项（year: 2026） 字段 duties.1.measure：只能写 activities、participants、materials 中的一项作为目标',
        ])
      }
      writeFileSync(file, ['- year: 2026', '  duties:', '    - id: a', '      title: 没有这个主题的职责', '      measure: { activities: 1, theme: 火星 }', '      kinds: [村委]'].join('\n'))
      expect(() => loadDuties(file, refs)).toThrow('duties.yml 年度 2026 duties 第 1 项（id: a） 字段 kinds：没有单位类型“村委”')
      expect(() => loadDuties(file, refs)).toThrow('duties.yml 年度 2026 duties 第 1 项（id: a） 字段 measure.theme：themes.yml 中没有“火星”')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
