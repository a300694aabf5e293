/**
 * Regenerates the sample drafts in docs/samples/ from a made-up 2026 ledger: a bot as
 * deployed (the project's config/, a temp SQLite file), reports written through the same
 * path as 报送, then the county's 年度普法工作总结 and 城关镇's 履职报告 as of 31 December.
 *
 * Run: npm run samples
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as annual from '../plugins/annual-report/src'
import { buildDraft } from '../plugins/annual-report/src/draft'
import * as duties from '../plugins/duties/src'
import { createBot, ROOT } from '../tests/helpers/bot'

const YEAR = 2026
const OUT = join(ROOT, 'docs/samples')

interface Sample {
  unit: string
  date: string
  title: string
  place: string
  theme: string
  form: string
  participants: number
  materials: number
  keyDate?: string
  photos: number
}

const S = (unit: string, date: string, title: string, place: string, theme: string, form: string, participants: number, materials: number, photos: number, keyDate?: string): Sample =>
  ({ unit, date, title, place, theme, form, participants, materials, photos, keyDate })

const LEDGER: Sample[] = [
  S('城关镇', '2026-01-16', '“法律明白人”年度培训', '镇政府会议室', '宪法', '培训', 86, 120, 3),
  S('城关镇', '2026-02-24', '春节后返乡人员法律服务', '镇便民服务中心', '劳动权益', '咨询', 140, 300, 2),
  S('城关镇', '2026-03-05', '妇女权益保障法律咨询', '城关广场', '妇女权益', '咨询', 210, 600, 4, 'womens-day'),
  S('城关镇', '2026-03-15', '消费者权益保护宣传', '城关农贸市场', '消费者权益', '发放资料', 320, 900, 3, 'consumer-day'),
  S('城关镇', '2026-04-15', '总体国家安全观进社区', '东街社区', '国家安全', '宣讲', 260, 700, 5, 'national-security-day'),
  S('城关镇', '2026-05-12', '民法典进万家', '西街社区', '民法典', '讲座', 150, 400, 4, 'civil-code-month'),
  S('城关镇', '2026-05-26', '以案释法：婚姻家庭纠纷', '镇综治中心', '婚姻家庭', '以案释法', 70, 80, 2),
  S('城关镇', '2026-06-20', '防范电信网络诈骗宣传', '城关镇集市', '反诈', '送法下乡', 430, 1200, 6),
  S('城关镇', '2026-08-08', '法治文艺演出', '城关广场', '宪法', '文艺演出', 600, 300, 8),
  S('城关镇', '2026-09-10', '农村土地承包法律宣讲', '柳树湾村委会', '物权', '宣讲', 95, 150, 2),
  S('城关镇', '2026-12-04', '国家宪法日集中宣传', '城关广场', '宪法', '发放资料', 800, 2000, 10, 'constitution-day'),
  S('城关镇', '2026-12-08', '宪法宣传周进校园', '城关小学', '宪法', '讲座', 520, 600, 5, 'constitution-week'),
  S('东城街道', '2026-04-15', '国家安全知识竞赛', '街道文化站', '国家安全', '知识竞赛', 120, 200, 4, 'national-security-day'),
  S('东城街道', '2026-06-12', '反诈宣传进小区', '幸福里小区', '反诈', '入户走访', 260, 800, 3),
  S('东城街道', '2026-12-04', '宪法宣誓与宪法宣讲', '街道办事处', '宪法', '宣讲', 90, 150, 3, 'constitution-day'),
  S('县公安局', '2026-01-10', '中国人民警察节警营开放日', '县公安局', '反诈', '展板展览', 300, 500, 6, 'police-day'),
  S('县公安局', '2026-03-20', '以案释法：冒充客服诈骗', '县一中', '反诈', '以案释法', 680, 1000, 4),
  S('县公安局', '2026-05-18', '反诈进企业', '工业园区', '反诈', '讲座', 240, 600, 2),
  S('县公安局', '2026-07-22', '暑期防溺水和反诈宣传', '城关镇东街社区', '反诈', '发放资料', 380, 1500, 3),
  S('县公安局', '2026-09-16', '网络安全宣传周进校园', '县第一中学', '网络安全', '讲座', 900, 800, 5, 'cybersecurity-week'),
  S('县公安局', '2026-11-09', '消防法宣传', '县人民广场', '消防', '演练', 350, 600, 4),
  S('县市场监管局', '2026-03-15', '“3·15”消费维权咨询', '县人民广场', '消费者权益', '咨询', 520, 2000, 6, 'consumer-day'),
  S('县市场监管局', '2026-06-18', '食品安全进校园', '城关小学', '食品安全', '讲座', 400, 600, 3),
  S('县市场监管局', '2026-09-08', '食品安全法以案释法', '县市场监管局', '食品安全', '以案释法', 60, 100, 2),
  S('县教育局', '2026-04-15', '全民国家安全教育日主题班会', '全县中小学', '国家安全', '培训', 5200, 0, 8, 'national-security-day'),
  S('县教育局', '2026-09-01', '开学第一课：法治教育', '全县中小学', '宪法', '讲座', 8600, 0, 10),
  S('县教育局', '2026-12-04', '“学宪法 讲宪法”演讲比赛', '县第一中学', '宪法', '知识竞赛', 400, 0, 6, 'constitution-day'),
  S('城关小学', '2026-06-01', '未成年人保护法主题队会', '城关小学', '未成年人保护', '宣讲', 600, 0, 4, 'childrens-day'),
  S('县人社局', '2026-05-01', '劳动法律法规咨询', '县人力资源市场', '劳动权益', '咨询', 180, 700, 3),
  S('县供电公司', '2026-08-15', '电力设施保护宣传', '河口乡', '安全生产', '发放资料', 120, 400, 2),
]

async function main() {
  const t = await createBot()
  try {
    t.app.plugin(duties, duties.Config({ file: 'config/duties.yml' }))
    t.app.plugin(annual, annual.Config({ dir: 'data/reports' }))
    await t.app.lifecycle.flush()
    const units = new Map((await t.app.database.get('pufa_unit', {})).map(unit => [unit.name, unit]))
    for (const { unit, keyDate = '', photos, ...fields } of LEDGER) {
      await t.app.pufaReports.audit('create', 'sample', null, db => db.create('pufa_report', {
        ...fields, unitId: units.get(unit)!.id, keyDate, photos: Array.from({ length: photos }, (_, i) => `sample-${fields.date}-${i}.jpg`),
        status: 'active', source: 'line', createdBy: 'sample', createdAt: new Date(), updatedAt: new Date(),
      }))
    }
    // Two units have handed in last year's summary, marked by the office as 「清单 完成」 would.
    await t.app.database.upsert('pufa_duty_mark', ['城关镇', '县教育局'].map(name => ({
      year: YEAR, unitId: units.get(name)!.id, dutyId: 'summary', note: '', reportId: 0, by: 'sample', at: new Date(),
    })))
    mkdirSync(OUT, { recursive: true })
    const end = `${YEAR}-12-31`
    const county = await buildDraft(t.app, YEAR, undefined, end)
    writeFileSync(join(OUT, `年度普法工作总结-${YEAR}.docx`), county.buffer)
    const unit = await buildDraft(t.app, YEAR, units.get('城关镇'), end)
    writeFileSync(join(OUT, `履职报告-城关镇-${YEAR}.docx`), unit.buffer)
  } finally {
    await t.dispose()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
