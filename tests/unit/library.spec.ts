import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { stringify } from 'yaml'
import { afterEach, describe, expect, it } from 'vitest'
import { loadLibrary } from '../../src/content/library'
import { DataFileError } from '../../src/data-file'
import { fixtureTip as tip } from '../helpers/fixture-tip'

const fixture = resolve(__dirname, '../fixtures/config')

const tempDirs: string[] = []
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** The problems loadLibrary reports for the fixture config with some files replaced or added. */
function problemsWith(files: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'pufa-library-'))
  tempDirs.push(dir)
  cpSync(fixture, dir, { recursive: true })
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  try {
    loadLibrary(dir)
  } catch (error) {
    if (error instanceof DataFileError) return error.problems
    throw error
  }
  throw new Error('loadLibrary accepted the broken config')
}

describe('loadLibrary on the fixture config', () => {
  it('loads every file and remembers where each tip and item came from', () => {
    const library = loadLibrary(fixture)
    expect(library.tips.map(t => t.id)).toEqual(['demo-purpose', 'demo-convenience'])
    expect(library.items.map(i => i.id)).toEqual(['demo-day', 'demo-week-d1'])
    expect(library.sources.get('demo-convenience')).toBe('demo.yml')
    expect(library.calendar.on('2030-12-04').map(o => o.entry.id)).toEqual(['demo-day', 'demo-week'])
  })
})

describe('loadLibrary problems name the file, the entry and the field', () => {
  it('an unknown theme, suggesting the closest one', () => {
    const problems = problemsWith({ 'tips/extra.yml': stringify([tip({ themes: ['宪发'] })]) })
    expect(problems).toEqual(['extra.yml id: extra-tip 字段 themes：未知主题“宪发”，是不是“宪法”？'])
  })

  it('an unknown key date, suggesting the closest one', () => {
    const problems = problemsWith({ 'tips/extra.yml': stringify([tip({ keyDates: ['demo-dya'] })]) })
    expect(problems).toEqual(['extra.yml id: extra-tip 字段 keyDates：日历中没有“demo-dya”，是不是“demo-day”？'])
  })

  it('no suggestion when nothing is close', () => {
    const problems = problemsWith({ 'tips/extra.yml': stringify([tip({ themes: ['知识产权'] })]) })
    expect(problems).toEqual(['extra.yml id: extra-tip 字段 themes：未知主题“知识产权”'])
  })

  it('a repealed law, naming the law that replaced it', () => {
    const problems = problemsWith({ 'tips/extra.yml': stringify([tip({ law: '旧示范法' })]) })
    expect(problems).toEqual(['extra.yml id: extra-tip 字段 law：《中华人民共和国旧示范法》已于 2024-03-01 废止，请改引《示范法》'])
  })

  it('a tip valid before the cited text took effect', () => {
    const problems = problemsWith({ 'tips/extra.yml': stringify([tip({ validFrom: '2024-02-29' })]) })
    expect(problems).toEqual(['extra.yml id: extra-tip 字段 validFrom：早于所引《中华人民共和国示范法》现行文本的施行日期 2024-03-01'])
  })

  it('the same id in two files', () => {
    const problems = problemsWith({ 'tips/extra.yml': stringify([tip({ id: 'demo-purpose' })]) })
    expect(problems).toEqual(['extra.yml id: demo-purpose：与 demo.yml 中的条目重复'])
  })

  it('an article number not written 第X条', () => {
    const problems = problemsWith({ 'tips/extra.yml': stringify([tip({ article: '第2条' })]) })
    expect(problems).toEqual(['extra.yml 第 1 项（id: extra-tip） 字段 article：条号应写成“第X条”或“第X条之一”'])
  })

  it('an item for a calendar entry that does not exist', () => {
    const item = { id: 'extra-item', entry: 'demo-wek', title: '示范周', body: '示范周期间，各地集中开展示范法宣传活动，欢迎参加。' }
    const problems = problemsWith({ 'items/extra.yml': stringify([item]) })
    expect(problems).toEqual(['extra.yml id: extra-item 字段 entry：日历中没有“demo-wek”，是不是“demo-week”？'])
  })

  it('a day claim in the body of an item whose window is announced each year', () => {
    const calendar = readFileSync(join(fixture, 'calendar.yml'), 'utf8') + stringify([{
      id: 'demo-announced', name: '示范宣传周', when: { range: ['06-01', '06-07'] }, announced: true, themes: ['宪法'], laws: ['示范法'], basis: '日期每年公布。',
    }])
    const item = { id: 'extra-item', entry: 'demo-announced', day: 1, title: '示范周', body: '今天是示范宣传周第一天，各地集中开展示范法宣传活动。' }
    const problems = problemsWith({ 'calendar.yml': calendar, 'items/extra.yml': stringify([item]) })
    expect(problems).toEqual(['extra.yml id: extra-item 字段 body：示范宣传周的日期每年公布，说“今天是第几天”的话请移到 opening（只在当年日期已填入 years 时推送）'])
  })

  it('a group that no other tip belongs to', () => {
    const problems = problemsWith({ 'tips/extra.yml': stringify([tip({ group: 'lonely-point' })]) })
    expect(problems).toEqual(['extra.yml id: extra-tip 字段 group：没有别的每日一法属于“lonely-point”，请检查拼写'])
  })

  it('malformed YAML', () => {
    const problems = problemsWith({ 'tips/extra.yml': '- id: extra-tip\n  themes: [宪法\n' })
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^extra\.yml: YAML 格式错误：/)
  })

  it('every problem at once, not just the first', () => {
    const problems = problemsWith({
      'tips/extra.yml': stringify([tip({ id: 'one', themes: ['宪发'] }), tip({ id: 'two', keyDates: ['nowhere'] })]),
    })
    expect(problems).toHaveLength(2)
    expect(problems[0]).toContain('id: one 字段 themes')
    expect(problems[1]).toContain('id: two 字段 keyDates')
  })
})

describe('loadLibrary on the real config', () => {
  const library = loadLibrary(resolve(__dirname, '../../config'))

  it('has enough tips for two months without repeats', () => {
    expect(library.tips.length).toBeGreaterThanOrEqual(60)
  })

  it('refers only to calendar entries that exist', () => {
    const referenced = [...library.tips.flatMap(t => t.keyDates), ...library.items.map(i => i.entry)]
    expect(referenced.length).toBeGreaterThan(0)
    for (const id of referenced) expect(library.calendar.get(id), id).toBeDefined()
  })
})
