import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as statutes from '../plugins/statutes/src'
import { parseChineseNumber } from '../src/statutes/numerals'
import { createBot, ROOT, TestBot } from './helpers/bot'

/** The official texts the project checks its content against (beside the repository). */
const LAWS = resolve(ROOT, '../shared/laws')
if (!existsSync(LAWS)) throw new Error(`the statute tests read the official texts in ${LAWS}`)

/** Each law file's title and its articles as printed, read independently of the plugin. */
function lawFiles() {
  return readdirSync(LAWS).filter(f => /-\d{8}\.md$/.test(f)).map((file) => {
    const text = readFileSync(join(LAWS, file), 'utf8')
    const title = (/^title:\s*"?(.+?)"?$/m.exec(text) ?? /^#\s+(.+)$/m.exec(text))![1].trim()
    const articles: { no: string; first: string }[] = []
    for (const line of text.split('\n')) {
      const match = /^(?:\*\*)?(第([一二三四五六七八九十百千零]+)条(?:之[一二三四五六七八九十]+)?)(?:\*\*)?[\s\u3000]+(.+)$/.exec(line)
      if (match && !articles.some(a => a.no === match[1])) articles.push({ no: match[1], first: match[3].replace(/\[\^\d+\]|\*\*/g, '').trim() })
    }
    return { file, title, articles }
  }).filter(law => law.articles.length)
}

/** The plugin's config from a few fields, the rest from its defaults. */
const config = (fields: Partial<statutes.Config>) => statutes.Config(fields as statutes.Config)

const arabic = (no: string) => no.replace(/^第([^条]+)条(?:之(.+))?$/, (_, main, sub) => `${parseChineseNumber(main)}${sub ? `之${sub}` : ''}`)

let t: TestBot

beforeAll(async () => {
  t = await createBot()
  t.app.plugin(statutes, config({ dir: LAWS }))
})
afterAll(() => t.dispose())

const ask = async (text: string) => (await t.client('u1', 'g1').receive(text)).join('\n----\n')

describe('法条', () => {
  it('gives an article verbatim with its law, version and date in force', async () => {
    expect(await ask('法条 民法典 1079')).toBe([
      '《中华人民共和国民法典》第一千零七十九条',
      '夫妻一方要求离婚的，可以由有关组织进行调解或者直接向人民法院提起离婚诉讼。',
      '人民法院审理离婚案件，应当进行调解；如果感情确已破裂，调解无效的，应当准予离婚。',
      '有下列情形之一，调解无效的，应当准予离婚：',
      '（一）重婚或者与他人同居；',
      '（二）实施家庭暴力或者虐待、遗弃家庭成员；',
      '（三）有赌博、吸毒等恶习屡教不改；',
      '（四）因感情不和分居满二年；',
      '（五）其他导致夫妻感情破裂的情形。',
      '一方被宣告失踪，另一方提起离婚诉讼的，应当准予离婚。',
      '经人民法院判决不准离婚后，双方又分居满一年，一方再次提起离婚诉讼的，应当准予离婚。',
      '文本版本：2020年5月28日，2021年1月1日起施行（以国家法律法规数据库公布的文本为准）',
    ].join('\n'))
  })

  it('reads the ways people ask', async () => {
    const same = await ask('法条 民法典 1079')
    for (const text of ['法条 民法典 第一千零七十九条', '法条 《中华人民共和国民法典》第1079条', '法条 民法典第一千零七十九条怎么说？']) {
      expect(await ask(text), text).toBe(same)
    }
    expect(await ask('法条 治安法 第五十五条')).toBe(await ask('法条 治安管理处罚法 55'))
    expect(await ask('法条 反诈法 14')).toMatch(/^《中华人民共和国反电信网络诈骗法》第十四条\n任何单位和个人不得非法制造、买卖、提供或者使用下列设备、软件：\n/)
    expect(await ask('法条 刑法 291之二')).toBe([
      '《中华人民共和国刑法》第二百九十一条之二',
      '从建筑物或者其他高空抛掷物品，情节严重的，处一年以下有期徒刑、拘役或者管制，并处或者单处罚金。',
      '有前款行为，同时构成其他犯罪的，依照处罚较重的规定定罪处罚。',
      '文本版本：2023年12月29日，2024年3月1日起施行（以国家法律法规数据库公布的文本为准）',
    ].join('\n'))
  })

  it('finds every law in the folder by full and short name, Arabic and Chinese numbers', async () => {
    const laws = lawFiles()
    expect(laws.length).toBeGreaterThanOrEqual(30)
    for (const law of laws) {
      const short = law.title.replace(/^中华人民共和国/, '').replace(/（\d{4}年修正文本）$/, '')
      const picks = [law.articles[0], law.articles[law.articles.length - 1], law.articles.find(a => a.no.includes('之'))].filter(Boolean)
      for (const article of picks as typeof law.articles) {
        for (const query of [`${law.title} ${article.no}`, `${short} ${arabic(article.no)}`]) {
          const reply = await ask(`法条 ${query}`)
          const [heading, first] = reply.split('\n')
          expect(heading, query).toBe(`《${law.title}》${article.no}`)
          expect(first, query).toBe(article.first)
        }
      }
    }
  })

  it('says when a law has been repealed and by what', async () => {
    expect(await ask('法条 环境保护法 1')).toBe([
      '《中华人民共和国环境保护法》的文本不在本机的法律文本目录里。',
      '文本版本：2014年4月24日，2015年1月1日起施行（以国家法律法规数据库公布的文本为准）',
      '⚠ 本法已于2026年8月15日废止，由《生态环境法典》取代，条文仅供查阅历史。',
    ].join('\n'))
  })

  it('says what is wrong with a missing article, an unknown law or a bad number', async () => {
    expect(await ask('法条 民法典 1261')).toBe('《中华人民共和国民法典》没有第一千二百六十一条，请核对条号（本法收录 1260 条）。')
    expect(await ask('法条 食品法 1')).toBe('没有找到“食品法”这部法律。你要找的是不是：食品安全法？')
    expect(await ask('法条 火星法 3')).toBe('没有找到“火星法”这部法律。发「法条 列表」看能查的法律，可以写全称或常用简称（如 反诈法、治安法）。')
    expect(await ask('法条 民法典 abc')).toBe('“abc”不是条号。请写成 1079、第五十五条 或 291之二，例如「法条 民法典 10」。')
    expect(await ask('法条 民法典')).toMatch(/^《中华人民共和国民法典》共 1260 条。/)
    expect(await ask('法条 ' + '民'.repeat(61))).toBe('查询文字太长了，请控制在 60 个字以内。')
  })

  it('splits an article longer than the platform allows, never losing a character', async () => {
    const whole = await ask('法条 刑法 133之一')
    const narrow = await createBot()
    narrow.app.plugin(statutes, config({ dir: LAWS, platformMaxLength: { mock: 200 } }))
    const parts = await narrow.client('u1', 'g1').receive('法条 刑法 133之一')
    await narrow.dispose()
    expect(parts.length).toBeGreaterThan(1)
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(200)
    expect(parts.join('').replace(/\n/g, '')).toBe(whole.replace(/\n/g, ''))
  })
})

describe('法条 搜索', () => {
  it('finds articles by everyday words, best matches first', async () => {
    const reply = await ask('法条 搜索 高空抛物')
    const lines = reply.split('\n')
    expect(lines[0]).toBe('“高空抛物”相关条文（3 条，最相关的在前）：')
    expect(lines.slice(1, 4).map(line => /《(.+)》(第.+?条(?:之.)?)/.exec(line)!.slice(1).join(' ')).sort()).toEqual([
      '刑法 第二百九十一条之二', '民法典 第一千二百五十四条', '治安管理处罚法 第四十三条',
    ].sort())
    expect(lines.at(-1)).toMatch(/^看全文请发「法条 .+ 第.+条.*」/)
  })

  it('ranks articles with the exact words above those that only share pieces', async () => {
    const lines = (await ask('法条 搜索 醉驾')).split('\n').slice(1, -1)
    const exact = lines.map(line => line.includes('醉酒驾驶'))
    expect(exact.filter(Boolean).length).toBeGreaterThanOrEqual(2)
    expect(exact).toEqual([...exact].sort((a, b) => Number(b) - Number(a)))
    expect(lines.some(line => line.includes('《刑法》第一百三十三条之一'))).toBe(true)
  })

  it('says so when nothing matches', async () => {
    expect(await ask('法条 搜索 火星移民')).toBe('没有找到含“火星移民”的条文。换个说法试试，或用法律里的用词（如“抛掷物品”）。')
  })
})

describe('without a statute folder', () => {
  it('tells the deployer how to set one up', async () => {
    const bare = await createBot()
    bare.app.plugin(statutes, config({ dir: 'no-such-folder' }))
    const [reply] = await bare.client('u1', 'g1').receive('法条 民法典 1079')
    expect(reply).toBe('还没有配置法律文本，暂时不能查法条。部署人员请从国家法律法规数据库（flk.npc.gov.cn）下载法律文本，按 README「查法条」一节放到 no-such-folder 目录，然后重启机器人。')
    await bare.dispose()
  })
})
