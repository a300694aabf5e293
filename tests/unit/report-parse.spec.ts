import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadLibrary } from '../../src/content/library'
import {
  FORMS, parseCount, parseReportDate, REPORT_LIMITS, ReportFields, resolveForm, resolveTheme, validateFields,
} from '../../src/reports/fields'
import { inferKeyDate, parseParagraph } from '../../src/reports/parse'

const library = loadLibrary(resolve(__dirname, '../../config'))
const today = '2026-12-10'
const parse = (text: string) => parseParagraph(text, { today, library })

// Sentences as officers write them, read on 2026-12-10. Each lists every field the parser
// must find, and nothing else: a field left out must stay undefined.
const sentences: Array<[string, ReportFields]> = [
  ['11月28日，县司法局在县政府会议室举办法治讲座，全体机关干部80余人参加',
    { date: '2026-11-28', participants: 80, place: '县政府会议室', title: '法治讲座', theme: '法治宣传教育', form: '讲座' }],
  ['12月3日上午，城关镇司法所在东街社区开展宪法宣传活动，发放宣传资料300余份，接受群众咨询50余人次',
    { date: '2026-12-03', participants: 50, materials: 300, place: '东街社区', title: '宪法宣传活动', theme: '宪法', form: '咨询', keyDate: 'constitution-week' }],
  ['12月4日国家宪法日当天，县普法办在人民广场设置咨询台，开展“宪法进万家”主题宣传，参与群众1500余人，发放资料3000份',
    { date: '2026-12-04', participants: 1500, materials: 3000, place: '人民广场', title: '“宪法进万家”主题宣传', theme: '宪法', form: '咨询', keyDate: 'constitution-day' }],
  ['12月2日在县第二小学开展交通安全进校园活动，为600名学生上了一堂交通安全课',
    { date: '2026-12-02', participants: 600, place: '县第二小学', title: '交通安全进校园活动', theme: '交通安全', form: '讲座', keyDate: 'traffic-safety-day' }],
  ['11月9日，县消防救援大队走进县人民医院开展消防演练，医护人员200余人参加',
    { date: '2026-11-09', participants: 200, place: '县人民医院', title: '消防演练', theme: '消防', form: '演练', keyDate: 'fire-safety-day' }],
  ['12月6日，县法院在县实验中学开展模拟法庭活动，200余名师生观摩',
    { date: '2026-12-06', participants: 200, place: '县实验中学', title: '模拟法庭活动', form: '模拟法庭' }],
  ['12月7日在城南社区开展民法典进社区活动，现场解答群众咨询30余人次，发放民法典宣传册200本',
    { date: '2026-12-07', participants: 30, materials: 200, place: '城南社区', title: '民法典进社区活动', theme: '民法典', form: '咨询' }],
  ['11月20日，县妇联联合县司法局在县妇女儿童活动中心开展反家庭暴力法治宣传，受益妇女儿童300余人',
    { date: '2026-11-20', participants: 300, place: '县妇女儿童活动中心', title: '反家庭暴力法治宣传', theme: '反家庭暴力' }],
  ['12月1日，县禁毒办在县职业中学开展禁毒宣传教育，参与师生800余人，发放禁毒宣传折页1000份',
    { date: '2026-12-01', participants: 800, materials: 1000, place: '县职业中学', title: '禁毒宣传教育', theme: '禁毒', form: '发放资料' }],
  ['2026年9月16日在县委党校开展国家网络安全宣传周网络安全知识讲座，参加人员150人',
    { date: '2026-09-16', participants: 150, place: '县委党校', title: '国家网络安全宣传周网络安全知识讲座', theme: '网络安全', form: '讲座' }],
  ['12月8日晚在桃园村文化礼堂举办法治文艺演出，观看村民400余人',
    { date: '2026-12-08', participants: 400, place: '桃园村文化礼堂', title: '法治文艺演出', theme: '法治宣传教育', form: '文艺演出' }],
  ['12月9日，县人社局联合县司法局在工业园区开展农民工工资支付法律宣传，为农民工300余人提供法律咨询，发放资料600份',
    { date: '2026-12-09', participants: 300, materials: 600, place: '工业园区', title: '农民工工资支付法律宣传', theme: '劳动权益', form: '咨询' }],
  ['昨天在县实验小学开展未成年人保护法宣传，参与学生一千二百人',
    { date: '2026-12-09', participants: 1200, place: '县实验小学', title: '未成年人保护法宣传', theme: '未成年人保护' }],
  ['前天在县汽车站开展反诈骗宣传，发放防诈骗宣传资料两千余份，受众约3000人',
    { date: '2026-12-08', participants: 3000, materials: 2000, place: '县汽车站', title: '反诈骗宣传', theme: '反诈', form: '发放资料' }],
  ['今天上午在县农贸市场设点开展食品安全宣传，发放宣传资料800份',
    { date: '2026-12-10', materials: 800, place: '县农贸市场', title: '食品安全宣传', theme: '食品安全', form: '咨询' }],
  ['12月5日在城关镇中心小学开展“法律进学校”活动，以案释法，参与师生约600人',
    { date: '2026-12-05', participants: 600, place: '城关镇中心小学', title: '“法律进学校”活动', theme: '法治宣传教育', form: '以案释法', keyDate: 'constitution-week' }],
  ['11月15日在县看守所开展以案释法警示教育，在押人员120人参加',
    { date: '2026-11-15', participants: 120, place: '县看守所', title: '以案释法警示教育', form: '以案释法' }],
  ['12月2号在县城各主要路口开展文明交通宣传，发放宣传单1000余张',
    { date: '2026-12-02', materials: 1000, place: '县城各主要路口', title: '文明交通宣传', theme: '交通安全', form: '发放资料', keyDate: 'traffic-safety-day' }],
  ['12月4日在县政务服务中心广场举办宪法宣誓仪式暨宪法宣传活动，参加人员200人',
    { date: '2026-12-04', participants: 200, place: '县政务服务中心广场', title: '宪法宣誓仪式暨宪法宣传活动', theme: '宪法', keyDate: 'constitution-day' }],
  ['6月1日，在县幼儿园开展六一儿童节未成年人保护宣传，参与家长和儿童400余人',
    { date: '2026-06-01', participants: 400, place: '县幼儿园', title: '六一儿童节未成年人保护宣传', theme: '未成年人保护', keyDate: 'childrens-day' }],
  ['5月20日在县政府广场开展民法典宣传月集中宣传活动，发放民法典读本500册，接受咨询120人次',
    { date: '2026-05-20', participants: 120, materials: 500, place: '县政府广场', title: '民法典宣传月集中宣传活动', theme: '民法典', form: '集中宣传', keyDate: 'civil-code-month' }],
  ['4月15日在县一中开展全民国家安全教育日主题宣讲，参与师生1200余人',
    { date: '2026-04-15', participants: 1200, place: '县一中', title: '全民国家安全教育日主题宣讲', theme: '国家安全', form: '宣讲', keyDate: 'national-security-day' }],
  ['3月15日，县市场监管局在县商贸城开展消费者权益保护宣传，发放资料1500份，受理投诉12件',
    { date: '2026-03-15', materials: 1500, place: '县商贸城', title: '消费者权益保护宣传', theme: '消费者权益', form: '发放资料', keyDate: 'consumer-day' }],
  ['6月26日，县禁毒委在县体育馆举办禁毒知识有奖问答活动，参与群众300余人',
    { date: '2026-06-26', participants: 300, place: '县体育馆', title: '禁毒知识有奖问答活动', theme: '禁毒', form: '知识竞赛', keyDate: 'anti-drug-day' }],
  ['12月3日，县司法局组织律师走进城关镇敬老院，开展防范养老诈骗法律宣传，参与老人80余人',
    { date: '2026-12-03', participants: 80, place: '城关镇敬老院', title: '防范养老诈骗法律宣传', theme: '反诈' }],
  ['6月16日在县化工园区开展安全生产月宣传咨询日活动，参与企业职工500余人，发放安全生产资料1000份',
    { date: '2026-06-16', participants: 500, materials: 1000, place: '县化工园区', title: '安全生产月宣传咨询日活动', theme: '安全生产', form: '集中宣传', keyDate: 'work-safety-month' }],
  ['8月1日在县人武部开展国防教育专题讲座，参加民兵100人',
    { date: '2026-08-01', participants: 100, place: '县人武部', title: '国防教育专题讲座', theme: '国防教育', form: '讲座', keyDate: 'army-day' }],
  ['9月20日，全民国防教育日，县征兵办在县一中开展征兵宣传，参与学生约500人',
    { date: '2026-09-20', participants: 500, place: '县一中', title: '征兵宣传', theme: '国防教育' }],
  ['12月3日，城关镇在各村开展送法下乡活动，发放资料2000余份，受益群众3000余人',
    { date: '2026-12-03', participants: 3000, materials: 2000, place: '各村', theme: '法治宣传教育', title: '送法下乡活动', form: '送法下乡', keyDate: 'constitution-week' }],
  ['12月6日在李家村入户走访，宣传民法典，走访农户60户',
    { date: '2026-12-06', place: '李家村', title: '入户走访', theme: '民法典', form: '入户走访' }],
  ['12月9日，县司法局通过抖音直播开展宪法宣传，观看人数2.3万人次',
    { date: '2026-12-09', participants: 23000, title: '宪法宣传', theme: '宪法', form: '网络宣传' }],
  ['12月5日在县司法局微信公众号推送以案释法文章，阅读量5000余次',
    { date: '2026-12-05', place: '县司法局微信公众号', title: '推送以案释法文章', form: '以案释法' }],
  ['11月30日在县一中举办法治副校长讲座，参与学生1000余人',
    { date: '2026-11-30', participants: 1000, place: '县一中', title: '法治副校长讲座', theme: '法治宣传教育', form: '讲座' }],
  ['12月1日至12月7日，在全县范围内开展宪法宣传周系列活动，累计开展活动30场次，覆盖群众5万余人次，发放资料2万余份',
    { date: '2026-12-01', participants: 50000, materials: 20000, place: '全县', title: '宪法宣传周系列活动', theme: '宪法', form: '发放资料', keyDate: 'constitution-week' }],
  ['12月4日，城关镇在镇政府门口摆放法治宣传展板20块，开展宪法宣传，吸引群众200余人驻足观看',
    { date: '2026-12-04', participants: 200, place: '镇政府门口', title: '宪法宣传', theme: '宪法', form: '展板展览', keyDate: 'constitution-day' }],
  ['2026.12.4在县文化馆开展宪法宣传周图片展，参观群众500人',
    { date: '2026-12-04', participants: 500, place: '县文化馆', title: '宪法宣传周图片展', theme: '宪法', form: '展板展览', keyDate: 'constitution-week' }],
  ['2026-12-03在县法院开展宪法宣讲，参与干警60名',
    { date: '2026-12-03', participants: 60, place: '县法院', title: '宪法宣讲', theme: '宪法', form: '宣讲', keyDate: 'constitution-week' }],
  ['12月2日在各中小学开展交通安全进校园活动',
    { date: '2026-12-02', place: '各中小学', title: '交通安全进校园活动', theme: '交通安全', keyDate: 'traffic-safety-day' }],
  ['在城关小学开展宪法宣讲，参与师生300人',
    { participants: 300, place: '城关小学', title: '宪法宣讲', theme: '宪法', form: '宣讲' }],
  ['宪法进校园宣讲活动',
    { title: '宪法进校园宣讲活动', theme: '宪法', form: '宣讲' }],
  ['12月4日城关小学宪法宣讲300人发放资料500份',
    { date: '2026-12-04', participants: 300, materials: 500, title: '城关小学宪法宣讲', theme: '宪法', form: '宣讲', keyDate: 'constitution-day' }],
  ['12月4日 在城关小学 开展宪法宣讲 参与300人',
    { date: '2026-12-04', participants: 300, place: '城关小学', title: '宪法宣讲', theme: '宪法', form: '宣讲', keyDate: 'constitution-day' }],
  ['12月4日在城关小学开展宪法宣讲，参与师生三百人',
    { date: '2026-12-04', participants: 300, place: '城关小学', title: '宪法宣讲', theme: '宪法', form: '宣讲', keyDate: 'constitution-day' }],
  ['12月4日在城关小学开展宪法宣讲，参与师生3百人',
    { date: '2026-12-04', participants: 300, place: '城关小学', title: '宪法宣讲', theme: '宪法', form: '宣讲', keyDate: 'constitution-day' }],
  ['12月4日在城关小学开展宪法宣讲，参与师生300多人，发放资料五百份',
    { date: '2026-12-04', participants: 300, materials: 500, place: '城关小学', title: '宪法宣讲', theme: '宪法', form: '宣讲', keyDate: 'constitution-day' }],
  ['12月4日，在城关小学开展宪法宣讲，近500名师生参加',
    { date: '2026-12-04', participants: 500, place: '城关小学', title: '宪法宣讲', theme: '宪法', form: '宣讲', keyDate: 'constitution-day' }],
  ['12月4日开展宪法宣讲，约300人参加',
    { date: '2026-12-04', participants: 300, title: '宪法宣讲', theme: '宪法', form: '宣讲', keyDate: 'constitution-day' }],
  ['十二月四日在城关小学开展宪法宣讲活动，参与师生三百余人',
    { date: '2026-12-04', participants: 300, place: '城关小学', title: '宪法宣讲活动', theme: '宪法', form: '宣讲', keyDate: 'constitution-day' }],
  ['１２月４日在城关小学开展宪法宣讲，参与师生３００人，发放资料５００份',
    { date: '2026-12-04', participants: 300, materials: 500, place: '城关小学', title: '宪法宣讲', theme: '宪法', form: '宣讲', keyDate: 'constitution-day' }],
  ['12月4日在城关小学开展宪法宣讲, 参与师生300人, 发放资料500份.',
    { date: '2026-12-04', participants: 300, materials: 500, place: '城关小学', title: '宪法宣讲', theme: '宪法', form: '宣讲', keyDate: 'constitution-day' }],
  ['1月10日中国人民警察节，县公安局在县步行街开展警营开放日活动，参与群众600余人',
    { date: '2026-01-10', participants: 600, place: '县步行街', title: '警营开放日活动' }],
  ['1月10日在县步行街开展反诈宣传，参与群众600余人',
    { date: '2026-01-10', participants: 600, place: '县步行街', title: '反诈宣传', theme: '反诈', keyDate: 'police-day' }],
  ['3月8日，县妇联在县妇女之家举办妇女权益保障法专题讲座，参加妇女代表100人',
    { date: '2026-03-08', participants: 100, place: '县妇女之家', title: '妇女权益保障法专题讲座', theme: '妇女权益', form: '讲座', keyDate: 'womens-day' }],
  ['3月30日全国中小学生安全教育日，在县实验小学开展校园安全教育，参与学生2000人',
    { date: '2026-03-30', participants: 2000, place: '县实验小学', title: '校园安全教育' }],
  ['5月12日在县第三中学开展防灾减灾应急疏散演练，参与师生1500余人',
    { date: '2026-05-12', participants: 1500, place: '县第三中学', title: '防灾减灾应急疏散演练', theme: '防灾减灾', form: '演练' }],
  ['8月15日全国生态日，在县城滨河公园开展生态环境保护法治宣传，发放资料800份',
    { date: '2026-08-15', materials: 800, place: '县城滨河公园', title: '生态环境保护法治宣传', theme: '生态环境', form: '发放资料', keyDate: 'ecology-day' }],
  ['9月5日在县慈善总会开展慈善法宣传，参与志愿者30人',
    { date: '2026-09-05', participants: 30, place: '县慈善总会', title: '慈善法宣传', theme: '慈善' }],
  ['4月26日在县科技园开展知识产权宣传周活动，发放知识产权宣传资料400份',
    { date: '2026-04-26', materials: 400, place: '县科技园', title: '知识产权宣传周活动', theme: '知识产权', form: '发放资料', keyDate: 'ip-week' }],
  ['6月15日在县农商银行门前开展防范非法集资宣传，发放资料1000份，接受咨询150人次',
    { date: '2026-06-15', participants: 150, materials: 1000, place: '县农商银行门前', title: '防范非法集资宣传', theme: '防范非法集资', form: '咨询', keyDate: 'illegal-fundraising-month' }],
  ['7月10日在县人民调解中心开展人民调解员培训，参训人员80人',
    { date: '2026-07-10', participants: 80, place: '县人民调解中心', title: '人民调解员培训', theme: '人民调解', form: '培训' }],
  ['7月20日在县法律援助中心开展法律援助宣传，为群众提供法律咨询40人次',
    { date: '2026-07-20', participants: 40, place: '县法律援助中心', title: '法律援助宣传', theme: '法律援助', form: '咨询' }],
  ['12月6日在县看守所开展法律援助进监所活动，在押人员200人',
    { date: '2026-12-06', participants: 200, place: '县看守所', title: '法律援助进监所活动', theme: '法律援助' }],
  ['12月9日在县城东社区开展扫黑除恶宣传，发放资料500份',
    { date: '2026-12-09', materials: 500, place: '县城东社区', title: '扫黑除恶宣传', theme: '扫黑除恶', form: '发放资料' }],
  ['11月25日在县残联开展残疾人权益保障法宣传，参与残疾人及家属120人',
    { date: '2026-11-25', participants: 120, place: '县残联', title: '残疾人权益保障法宣传', theme: '残疾人权益' }],
  ['12月8日在县妇幼保健院开展家庭教育促进法宣讲，参与家长300人',
    { date: '2026-12-08', participants: 300, place: '县妇幼保健院', title: '家庭教育促进法宣讲', theme: '家庭教育', form: '宣讲' }],
  ['12月7日在县第一中学开展预防校园欺凌专题讲座，参与学生800人',
    { date: '2026-12-07', participants: 800, place: '县第一中学', title: '预防校园欺凌专题讲座', theme: '预防未成年人犯罪', form: '讲座' }],
  ['12月6日在县工商联开展民营经济促进法宣讲，参与企业主80人',
    { date: '2026-12-06', participants: 80, place: '县工商联', title: '民营经济促进法宣讲', form: '宣讲' }],
  ['12月5日在县人民医院开展医疗纠纷人民调解宣传，发放资料200份',
    { date: '2026-12-05', materials: 200, place: '县人民医院', title: '医疗纠纷人民调解宣传', theme: '人民调解', form: '发放资料' }],
  ['12月3日组织干部职工开展会前学法，学习宪法，参加人员45人',
    { date: '2026-12-03', participants: 45, title: '会前学法', theme: '宪法', form: '培训', keyDate: 'constitution-week' }],
  ['12月2日在县行政服务中心开展行政执法人员培训，参训执法人员150人',
    { date: '2026-12-02', participants: 150, place: '县行政服务中心', title: '行政执法人员培训', theme: '行政执法', form: '培训' }],
  ['11月12日在县委党校开展领导干部学法讲座，参加领导干部120人',
    { date: '2026-11-12', participants: 120, place: '县委党校', title: '领导干部学法讲座', theme: '法治宣传教育', form: '讲座' }],
  ['12月4日，县司法局开展“宪法进机关”活动，组织全体干部学习宪法，参加人员60人',
    { date: '2026-12-04', participants: 60, title: '“宪法进机关”活动', theme: '宪法', keyDate: 'constitution-day' }],
  ['12月4日在县武警中队开展法律进军营活动，为官兵80人讲授宪法知识',
    { date: '2026-12-04', participants: 80, place: '县武警中队', title: '法律进军营活动', theme: '宪法', keyDate: 'constitution-day' }],
  ['12月4日在县电视台开展法律进网络直播访谈，观看人数1.5万人次',
    { date: '2026-12-04', participants: 15000, place: '县电视台', title: '法律进网络直播访谈', theme: '法治宣传教育', form: '网络宣传', keyDate: 'constitution-day' }],
  ['12月4日开展宪法进企业活动，在县经济开发区为企业员工300余人开展法治讲座',
    { date: '2026-12-04', participants: 300, place: '县经济开发区', title: '宪法进企业活动', theme: '宪法', form: '讲座', keyDate: 'constitution-day' }],
  ['12月4日在县第二中学举办宪法知识竞赛，参赛学生200名，观众600余人',
    { date: '2026-12-04', participants: 200, place: '县第二中学', title: '宪法知识竞赛', theme: '宪法', form: '知识竞赛', keyDate: 'constitution-day' }],
  ['12月3日在城关镇开展送法下乡活动，组织律师3名为村民200余人提供法律咨询',
    { date: '2026-12-03', participants: 200, place: '城关镇', theme: '法治宣传教育', title: '送法下乡活动', form: '送法下乡', keyDate: 'constitution-week' }],
  ['12月3日在县城广场开展“宪法宣传周”快板演出，观众800余人',
    { date: '2026-12-03', participants: 800, place: '县城广场', title: '“宪法宣传周”快板演出', theme: '宪法', form: '文艺演出', keyDate: 'constitution-week' }],
  ['12月9日，在县人民广场开展网络安全宣传，发放个人信息保护宣传资料1000份',
    { date: '2026-12-09', materials: 1000, place: '县人民广场', title: '网络安全宣传', theme: '网络安全', form: '发放资料' }],
  ['12月9日，在县老年大学开展防范电信网络诈骗讲座，参加老人两百余人',
    { date: '2026-12-09', participants: 200, place: '县老年大学', title: '防范电信网络诈骗讲座', theme: '反诈', form: '讲座' }],
  ['12月9日在城关镇开展反诈宣传进社区，入户走访群众500余户，发放资料1200份',
    { date: '2026-12-09', materials: 1200, place: '城关镇', title: '反诈宣传进社区', theme: '反诈', form: '入户走访' }],
  ['12月10日在县公安局开展治安管理处罚法宣讲，参与群众300人',
    { date: '2026-12-10', participants: 300, place: '县公安局', title: '治安管理处罚法宣讲', theme: '治安管理', form: '宣讲' }],
  ['12月11日在县城关小学开展宪法宣讲，参与师生300人',
    { date: '2026-12-11', participants: 300, place: '县城关小学', title: '宪法宣讲', theme: '宪法', form: '宣讲' }],
  ['11月12日在县城关小学开展宪法宣讲',
    { date: '2026-11-12', place: '县城关小学', title: '宪法宣讲', theme: '宪法', form: '宣讲' }],
  ['12月8日，城关镇在集市开展送法下乡活动，设点咨询，发放资料600余份',
    { date: '2026-12-08', materials: 600, place: '集市', theme: '法治宣传教育', title: '送法下乡活动', form: '送法下乡' }],
  ['12月9日下午，县司法局组织开展以案释法旁听庭审活动，参加干部50名',
    { date: '2026-12-09', participants: 50, title: '以案释法旁听庭审活动', form: '以案释法' }],
  ['2026年12月7日，县教育局在县体育中心举办宪法知识竞赛决赛，参赛学生48名',
    { date: '2026-12-07', participants: 48, place: '县体育中心', title: '宪法知识竞赛决赛', theme: '宪法', form: '知识竞赛', keyDate: 'constitution-week' }],
  ['12月6日在县城区开展宪法宣传周普法志愿服务活动，志愿者40名参与，服务群众500余人次',
    { date: '2026-12-06', participants: 500, place: '县城区', title: '宪法宣传周普法志愿服务活动', theme: '宪法', keyDate: 'constitution-week' }],
  ['12.3 在城关村村委会开展民法典宣讲，村民八十余人参加',
    { date: '2026-12-03', participants: 80, place: '城关村村委会', title: '民法典宣讲', theme: '民法典', form: '宣讲' }],
  ['12月2日，在县交警大队开展交通安全法治讲座，参加驾驶员200人',
    { date: '2026-12-02', participants: 200, place: '县交警大队', title: '交通安全法治讲座', theme: '交通安全', form: '讲座', keyDate: 'traffic-safety-day' }],
  ['参与群众两千余人，发放资料5000份，12月6日在县广场开展宪法宣传',
    { date: '2026-12-06', participants: 2000, materials: 5000, place: '县广场', title: '宪法宣传', theme: '宪法', form: '发放资料', keyDate: 'constitution-week' }],
  ['发放宣传资料500份',
    { materials: 500, title: '发放宣传资料', form: '发放资料' }],
  ['昨日在县中医院开展医患纠纷人民调解法律宣传',
    { date: '2026-12-09', place: '县中医院', title: '医患纠纷人民调解法律宣传', theme: '人民调解' }],
  ['12月4日，县检察院在县二中开展“检察护未”法治课，参与学生900余名',
    { date: '2026-12-04', participants: 900, place: '县二中', title: '“检察护未”法治课', theme: '法治宣传教育', form: '讲座', keyDate: 'constitution-day' }],
  ['11月1日在县消防站开展消防安全培训，参训人员一百二十人',
    { date: '2026-11-01', participants: 120, place: '县消防站', title: '消防安全培训', theme: '消防', form: '培训', keyDate: 'fire-safety-month' }],
  ['12/6 城关二小 宪法晨读活动 师生800人',
    { date: '2026-12-06', participants: 800, title: '城关二小 宪法晨读活动', theme: '宪法', keyDate: 'constitution-week' }],
  ['12月4日在城关小学开展宪法宣讲，参与师生1.2万人次，发放资料1.5万份',
    { date: '2026-12-04', participants: 12000, materials: 15000, place: '城关小学', title: '宪法宣讲', theme: '宪法', form: '宣讲', keyDate: 'constitution-day' }],
  ['12月4日在城关小学开展宪法宣讲，参与师生5000+，发放资料3k份',
    { date: '2026-12-04', participants: 5000, materials: 3000, place: '城关小学', title: '宪法宣讲', theme: '宪法', form: '宣讲', keyDate: 'constitution-day' }],
  // A pasted form with labelled lines.
  ['活动名称：宪法进社区宣讲\n时间：12月4日\n地点：城关镇东街社区\n参与人数：300人\n发放资料：500份',
    { date: '2026-12-04', participants: 300, materials: 500, place: '城关镇东街社区', title: '宪法进社区宣讲', theme: '宪法', form: '宣讲', keyDate: 'constitution-day' }],
  ['时间：2026年12月4日\n地点：县实验小学\n内容：开展交通安全进校园活动，参与师生800人',
    { date: '2026-12-04', participants: 800, place: '县实验小学', title: '交通安全进校园活动', theme: '交通安全' }],
  ['在城关小学于12月4日开展宪法宣讲',
    { date: '2026-12-04', place: '城关小学', title: '宪法宣讲', theme: '宪法', form: '宣讲', keyDate: 'constitution-day' }],
  ['12月4日，在全县范围内开展宪法宣传，参与群众一万余人',
    { date: '2026-12-04', participants: 10000, place: '全县', title: '宪法宣传', theme: '宪法', keyDate: 'constitution-day' }],
  // 在…期间 and 在…指导下 say when and how, not where.
  ['在宪法宣传周期间，在县城广场开展宪法宣讲活动',
    { place: '县城广场', title: '宪法宣讲活动', theme: '宪法', form: '宣讲' }],
  ['在县司法局的指导下，城关镇在李家村开展法律明白人培训，参训人员45人',
    { participants: 45, place: '李家村', theme: '法治宣传教育', title: '法律明白人培训', form: '培训' }],
]

describe('parseParagraph on sentences officers write', () => {
  it('has a large table', () => {
    expect(sentences.length).toBeGreaterThanOrEqual(80)
  })

  it.each(sentences)('%s', (text, expected) => {
    const { fields, problems } = parse(text)
    expect(fields).toStrictEqual(expected)
    expect(problems).toEqual([])
  })
})

describe('parseParagraph reports what it cannot accept', () => {
  it.each<[string, ReportFields, object[]]>([
    ['2月30日在城关小学开展宪法宣讲',
      { place: '城关小学', title: '宪法宣讲', theme: '宪法', form: '宣讲' },
      [{ field: 'date', code: 'date-invalid', params: { input: '2月30日' } }]],
    ['2026年12月25日在城关小学开展宪法宣讲',
      { place: '城关小学', title: '宪法宣讲', theme: '宪法', form: '宣讲' },
      [{ field: 'date', code: 'date-future', params: { date: '2026-12-25', latest: '2026-12-11' } }]],
    ['2025年11月1日在城关小学开展宪法宣讲',
      { place: '城关小学', title: '宪法宣讲', theme: '宪法', form: '宣讲' },
      [{ field: 'date', code: 'date-too-old', params: { date: '2025-11-01', earliest: '2025-12-10' } }]],
    ['12月4日在城关小学开展宪法宣讲，参与人数3000000人',
      { date: '2026-12-04', participants: 3_000_000, place: '城关小学', title: '宪法宣讲', theme: '宪法', form: '宣讲', keyDate: 'constitution-day' },
      [{ field: 'participants', code: 'count-absurd', params: { value: 3_000_000, max: 1_000_000 } }]],
    ['12月4日在城关小学开展宪法宣讲，发放资料300万份',
      { date: '2026-12-04', materials: 3_000_000, place: '城关小学', title: '宪法宣讲', theme: '宪法', form: '宣讲', keyDate: 'constitution-day' },
      [{ field: 'materials', code: 'count-absurd', params: { value: 3_000_000, max: 1_000_000 } }]],
    ['12月4日在城关小学开展宪法宣讲，参与人数-300人',
      { date: '2026-12-04', participants: -300, place: '城关小学', title: '宪法宣讲', theme: '宪法', form: '宣讲', keyDate: 'constitution-day' },
      [{ field: 'participants', code: 'count-absurd', params: { value: -300, max: 1_000_000 } }]],
    ['12月4日在城关小学开展宪法宣讲，参与师生1.5人',
      { date: '2026-12-04', place: '城关小学', title: '宪法宣讲', theme: '宪法', form: '宣讲', keyDate: 'constitution-day' },
      [{ field: 'participants', code: 'count-invalid', params: { input: '1.5人' } }]],
    ['在县妇联开展反家暴法治讲座🎉，参与妇女100人',
      { participants: 100, place: '县妇联', title: '反家暴法治讲座🎉', theme: '反家庭暴力', form: '讲座' },
      [{ field: 'title', code: 'emoji' }]],
    ['12月8日<at id="1"/>在城关小学开展宪法宣讲',
      { date: '2026-12-08', place: '城关小学', title: '宪法宣讲', theme: '宪法', form: '宣讲' },
      [{ field: 'title', code: 'markup' }]],
    ["12月8日在城关小学开展宪法宣讲'; DROP TABLE reports; --",
      { date: '2026-12-08', place: '城关小学', title: "宪法宣讲'", theme: '宪法', form: '宣讲' },
      [{ field: 'title', code: 'sql' }]],
  ])('%s', (text, fields, problems) => {
    expect(parse(text)).toStrictEqual({ fields, problems })
  })

  it('cuts an over-long activity at punctuation within the title limit', () => {
    const activities = Array.from({ length: 40 }, (_, i) => `第${i + 1}项宪法宣讲`).join('、')
    const { fields, problems } = parse(`12月4日在城关小学开展${activities}，参与师生300人`)
    expect(fields.title).toBe(Array.from({ length: 7 }, (_, i) => `第${i + 1}项宪法宣讲`).join('、'))
    expect(Array.from(fields.title!).length).toBeLessThanOrEqual(REPORT_LIMITS.title)
    expect(problems).toEqual([])
  })

  it('cuts a title with no punctuation at the limit', () => {
    const { fields } = parse(`开展${'宪'.repeat(2000)}`)
    expect(fields.title).toBe('宪'.repeat(REPORT_LIMITS.title))
  })

  it('returns nothing for an empty paragraph', () => {
    expect(parse('  ')).toStrictEqual({ fields: {}, problems: [] })
  })
})

describe('parseCount', () => {
  it.each<[string, number]>([
    ['0', 0], ['300', 300], ['300人', 300], ['300 人', 300], ['300余人', 300], ['300多人', 300],
    ['300人次', 300], ['300名', 300], ['约300人', 300], ['近300人', 300], ['300人左右', 300],
    ['5000+', 5000], ['1,200', 1200], ['１２００份', 1200], ['500份', 500], ['五百余份', 500],
    ['3百', 300], ['3千', 3000], ['三百', 300], ['三百余', 300], ['两千', 2000], ['两千余人', 2000],
    ['一千二百', 1200], ['一千二', 1200], ['两千五', 2500], ['三百五', 350], ['十五', 15], ['二十', 20],
    ['一百零五', 105], ['十二万', 120_000], ['一百万', 1_000_000], ['千余人', 1000],
    ['1.2万', 12_000], ['1.2万人次', 12_000], ['1.15万', 11_500], ['0.5万', 5000], ['1万2', 12_000],
    ['1万2000', 12_000], ['3百50', 350], ['1千20', 1020], ['3k', 3000], ['1.2w', 12_000], ['1亿', 100_000_000], ['3000000', 3_000_000],
  ])('%s → %i', (text, value) => {
    expect(parseCount(text)).toBe(value)
  })

  it.each(['', '人', '-300', '−300', '-3百', '1.5', '1.5人', '三四', '三四十人', '300.', '3 4', '1,2', 'abc', '三百百', '十百', '三百千', '1万百', '一万万', '300人人', 'Infinity', 'NaN', '1e3'])(
    'refuses %j', (text) => {
      expect(parseCount(text)).toBeUndefined()
    },
  )
})

describe('parseReportDate', () => {
  it.each<[string, string, string]>([
    ['今天', today, '2026-12-10'],
    ['今日', today, '2026-12-10'],
    ['昨天', today, '2026-12-09'],
    ['前天', today, '2026-12-08'],
    ['明天', today, '2026-12-11'],
    ['12月4日', today, '2026-12-04'],
    ['12月4号', today, '2026-12-04'],
    ['十二月四日', today, '2026-12-04'],
    ['2026年12月4日', today, '2026-12-04'],
    ['2026-12-04', today, '2026-12-04'],
    ['2026/12/4', today, '2026-12-04'],
    ['2026.12.4', today, '2026-12-04'],
    ['12.4', today, '2026-12-04'],
    ['12/4', today, '2026-12-04'],
    ['12·4', today, '2026-12-04'],
    ['１２月４日', today, '2026-12-04'],
    ['12月4日上午', today, '2026-12-04'],
    ['12月11日', today, '2026-12-11'],
    // Without a year: the latest occurrence at most a week ahead (see the refusals below).
    ['11月12日', today, '2026-11-12'],
    ['1月20日', today, '2026-01-20'],
    ['12月28日', '2027-01-03', '2026-12-28'],
    ['1月2日', '2027-01-03', '2027-01-02'],
    ['1月1日', '2026-12-31', '2027-01-01'],
    ['昨天', '2027-01-01', '2026-12-31'],
    ['2月29日', '2028-03-01', '2028-02-29'],
  ])('%s on %s is %s', (text, on, date) => {
    expect(parseReportDate(text, on)).toEqual({ ok: true, value: date })
  })

  it.each(['2月30日', '2026年2月29日', '13月1日', '12月32日', '2026-02-30', '十二月', '上周五', 'abc', '', '12月4日在城关小学'])(
    'refuses %j as invalid', (text) => {
      expect(parseReportDate(text, today)).toEqual({ ok: false, problem: { field: 'date', code: 'date-invalid', params: { input: text } } })
    },
  )

  it('refuses 2月29日 in a year without one', () => {
    expect(parseReportDate('2月29日', today)).toMatchObject({ ok: false, problem: { code: 'date-invalid' } })
  })

  // 12月12日 typed on 12-10 means the coming one, not a year ago: refused, not moved back.
  it.each([['2026年12月12日', '2026-12-12'], ['12月12日', '2026-12-12'], ['12月17日', '2026-12-17'], ['2027-01-01', '2027-01-01'], ['2099年1月1日', '2099-01-01']])(
    'refuses %s as beyond tomorrow', (text, date) => {
      expect(parseReportDate(text, today)).toEqual({ ok: false, problem: { field: 'date', code: 'date-future', params: { date, latest: '2026-12-11' } } })
    },
  )

  it('refuses a date more than a year back', () => {
    expect(parseReportDate('2025年12月9日', today)).toEqual({
      ok: false, problem: { field: 'date', code: 'date-too-old', params: { date: '2025-12-09', earliest: '2025-12-10' } },
    })
    expect(parseReportDate('2025年12月10日', today)).toEqual({ ok: true, value: '2025-12-10' })
  })
})

describe('resolveTheme', () => {
  it.each([
    ['宪法', '宪法'], ['宪法宣传', '宪法'], ['反诈骗', '反诈'], ['反诈', '反诈'], ['电信诈骗', '反诈'],
    ['民法典宣传', '民法典'], ['禁毒宣传', '禁毒'], ['国家安全教育', '国家安全'], ['个人信息保护', '个人信息保护'],
    ['农民工讨薪', '劳动权益'], ['家暴', '反家庭暴力'], ['法治宣传', '法治宣传教育'], ['　宪法 ', '宪法'],
  ])('%s → %s', (text, id) => {
    expect(resolveTheme(text, library)).toEqual({ ok: true, value: id })
  })

  it.each([['宪发', '宪法'], ['反炸骗', '反诈'], ['民法点', '民法典']])('suggests the closest theme for %s', (text, suggestion) => {
    expect(resolveTheme(text, library)).toEqual({ ok: false, problem: { field: 'theme', code: 'theme-unknown', params: { input: text, suggestion } } })
  })

  it('has no suggestion when nothing is close', () => {
    expect(resolveTheme('xyz', library)).toEqual({ ok: false, problem: { field: 'theme', code: 'theme-unknown', params: { input: 'xyz' } } })
  })
})

describe('resolveForm', () => {
  it.each(FORMS.map(form => [form, form]))('%s is a form', (text, form) => {
    expect(resolveForm(text)).toEqual({ ok: true, value: form })
  })

  it.each([['法律咨询', '咨询'], ['线上直播', '网络宣传'], ['法治课', '讲座'], ['快板', '文艺演出'], ['有奖问答', '知识竞赛'], ['消防演练', '演练']])(
    '%s → %s', (text, form) => {
      expect(resolveForm(text)).toEqual({ ok: true, value: form })
    },
  )

  it('suggests the closest form', () => {
    expect(resolveForm('讲坐')).toEqual({ ok: false, problem: { field: 'form', code: 'form-unknown', params: { input: '讲坐', suggestion: '讲座' } } })
  })
})

describe('inferKeyDate', () => {
  it.each<[string, string | undefined, string | undefined]>([
    ['2026-12-04', '宪法', 'constitution-day'],
    ['2026-12-03', '宪法', 'constitution-week'],
    ['2026-12-02', '宪法', 'constitution-week'],
    ['2026-12-02', '交通安全', 'traffic-safety-day'],
    // A date alone decides nothing.
    ['2026-12-02', undefined, undefined],
    ['2026-11-09', '消防', 'fire-safety-day'],
    ['2026-11-10', '消防', 'fire-safety-month'],
    ['2026-06-26', '安全生产', 'work-safety-month'],
    ['2026-06-26', '禁毒', 'anti-drug-day'],
    ['2026-09-14', '个人信息保护', undefined],
    ['2025-09-16', '个人信息保护', 'cybersecurity-week'],
    // 反间谍 counts towards its parent's day.
    ['2026-04-15', '反间谍', 'national-security-day'],
    // 全国防灾减灾日 is not a core entry, so it tags nothing.
    // 防灾减灾 is no theme of 民法典宣传月, whatever the date.
    ['2026-05-12', '防灾减灾', undefined],
    ['2026-12-10', '宪法', undefined],
  ])('%s with theme %s → %s', (date, theme, id) => {
    expect(inferKeyDate(date, theme, library)).toBe(id)
  })
})

describe('validateFields', () => {
  const valid: ReportFields = {
    title: '宪法进校园宣讲活动', date: '2026-12-04', place: '城关小学', participants: 300, materials: 500,
    theme: '宪法', form: '宣讲', keyDate: 'constitution-day',
  }
  const problemsOf = (changes: ReportFields) => validateFields({ ...valid, ...changes }, today)

  it('accepts a complete, sensible report', () => {
    expect(validateFields(valid, today)).toEqual([])
    expect(problemsOf({ participants: 0, materials: 1_000_000, title: '宪'.repeat(60) })).toEqual([])
  })

  it.each<[ReportFields, object[]]>([
    [{ title: '  ' }, [{ field: 'title', code: 'title-empty' }]],
    [{ title: '宪'.repeat(61) }, [{ field: 'title', code: 'title-too-long', params: { max: 60, length: 61 } }]],
    [{ title: '宪'.repeat(2000) }, [{ field: 'title', code: 'title-too-long', params: { max: 60, length: 2000 } }]],
    [{ place: '' }, [{ field: 'place', code: 'place-empty' }]],
    [{ place: '城'.repeat(41) }, [{ field: 'place', code: 'place-too-long', params: { max: 40, length: 41 } }]],
    [{ date: '2026-02-30' }, [{ field: 'date', code: 'date-invalid', params: { input: '2026-02-30' } }]],
    [{ date: '2026-12-12' }, [{ field: 'date', code: 'date-future', params: { date: '2026-12-12', latest: '2026-12-11' } }]],
    [{ date: '2025-12-09' }, [{ field: 'date', code: 'date-too-old', params: { date: '2025-12-09', earliest: '2025-12-10' } }]],
    [{ participants: -1 }, [{ field: 'participants', code: 'count-absurd', params: { value: -1, max: 1_000_000 } }]],
    [{ participants: 1_000_001 }, [{ field: 'participants', code: 'count-absurd', params: { value: 1_000_001, max: 1_000_000 } }]],
    [{ materials: 2.5 }, [{ field: 'materials', code: 'count-absurd', params: { value: 2.5, max: 1_000_000 } }]],
    [{ materials: Number.NaN }, [{ field: 'materials', code: 'count-absurd', params: { value: Number.NaN, max: 1_000_000 } }]],
    [{ title: '宪法宣讲🎉' }, [{ field: 'title', code: 'emoji' }]],
    [{ title: '宪法宣讲👍🏻' }, [{ field: 'title', code: 'emoji' }]],
    [{ place: '城关小学🏫' }, [{ field: 'place', code: 'emoji' }]],
    [{ title: '<at id="1"/>宪法宣讲' }, [{ field: 'title', code: 'markup' }]],
    [{ title: '宪法宣讲<script>alert(1)</script>' }, [{ field: 'title', code: 'markup' }]],
    [{ title: '[CQ:at,qq=1] 宪法宣讲' }, [{ field: 'title', code: 'markup' }]],
    [{ title: '宪法宣讲&lt;at id=1/&gt;' }, [{ field: 'title', code: 'markup' }]],
    [{ place: '＜img src=x＞城关小学' }, [{ field: 'place', code: 'markup' }]],
    [{ title: "'; DROP TABLE reports; --" }, [{ field: 'title', code: 'sql' }]],
    [{ title: '宪法宣讲 1=1 --' }, [{ field: 'title', code: 'sql' }]],
    [{ place: "城关小学' UNION SELECT password FROM users" }, [{ field: 'place', code: 'sql' }]],
    [{ title: 'x UNION ALL SELECT 1' }, [{ field: 'title', code: 'sql' }]],
    [{ title: '宪法宣讲; exec sp_who' }, [{ field: 'title', code: 'sql' }]],
    [{ title: "admin' or '1'='1" }, [{ field: 'title', code: 'sql' }]],
  ])('%j', (changes, problems) => {
    expect(problemsOf(changes)).toEqual(problems)
  })

  it('lists several problems in field order', () => {
    expect(problemsOf({ title: '<b>🎉</b>', participants: -5, date: '2027-01-01' }).map(p => [p.field, p.code])).toEqual([
      ['title', 'emoji'], ['title', 'markup'], ['date', 'date-future'], ['participants', 'count-absurd'],
    ])
  })

  it.each(['《宪法》进校园', '<宪法>宣传', '“美好生活·民法典相伴”', '城关小学--宪法宣讲', '3·15消费者权益日', '★宪法宣讲★', 'Select 优秀宣讲员', '12-4宪法日'])(
    'leaves ordinary text alone: %s', (title) => {
      expect(problemsOf({ title })).toEqual([])
    },
  )
})
