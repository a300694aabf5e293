import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { stringify } from 'yaml'
import { afterEach, describe, expect, it } from 'vitest'
import { loadLibrary } from '../src/content/library'
import { ROOT } from './helpers/bot'
import { fixtureTip as tip } from './helpers/fixture-tip'

const FIXTURE = resolve(__dirname, 'fixtures/config')
const STATUTES = resolve(__dirname, 'fixtures/statutes')

const tempDirs: string[] = []
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function content(...args: string[]) {
  const result = spawnSync(process.execPath, ['-r', 'esbuild-register', 'src/cli/content.ts', ...args], { cwd: ROOT, encoding: 'utf8' })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** The fixture config plus one extra tips file. */
function configWith(tips: object[]) {
  const dir = mkdtempSync(join(tmpdir(), 'pufa-cli-'))
  tempDirs.push(dir)
  cpSync(FIXTURE, dir, { recursive: true })
  writeFileSync(join(dir, 'tips/extra.yml'), stringify(tips))
  return dir
}

describe('npm run content -- check', () => {
  it('passes a correct library and says what it checked', () => {
    const { code, stdout } = content('check', '--config', FIXTURE, '--laws', STATUTES)
    expect(stdout.trim()).toBe('检查通过：2 条每日一法，2 条节点内容，2 个日历节点，0 道每日一题；条号、引文与题目答案均与官方文本一致。')
    expect(code).toBe(0)
  })

  it('fails when a calendar entry has no item or no tagged tip', () => {
    const config = configWith([])
    const calendar = readFileSync(join(config, 'calendar.yml'), 'utf8')
    writeFileSync(join(config, 'calendar.yml'), calendar + stringify([{ id: 'demo-month', name: '示范月', when: { month: 6 }, themes: ['宪法'], laws: ['示范法'], basis: '测试用的节点。' }]))
    const { code, stderr } = content('check', '--config', config)
    expect(stderr.trim().split('\n')).toEqual([
      'calendar.yml id: demo-month：示范月没有节点内容，请在 items/*.yml 里加一条 entry: demo-month',
      'calendar.yml id: demo-month：没有每日一法标注示范月，请在相关每日一法的 keyDates 里加上 demo-month',
      '',
      '有 2 处节点缺少内容。',
    ])
    expect(code).toBe(1)
  })

  it('reports a wrong article and a changed character with the official text', () => {
    const config = configWith([
      tip({ id: 'wrong-article', article: '第九条' }),
      tip({ id: 'changed-quote', quote: '示范活动应当遵循公开、公平、公道的原则。' }),
    ])
    const { code, stderr } = content('check', '--config', config, '--laws', STATUTES)
    expect(code).toBe(1)
    expect(stderr).toContain('extra.yml id: wrong-article：《示范法》没有第九条')
    expect(stderr).toContain('extra.yml id: changed-quote：引文与《示范法》第二条原文不符：示范活动应当遵循公开、公平、公道的原则。\n  原文：示范活动应当遵循公开、公平、公正的原则。')
    expect(stderr).toContain('引用核对发现 2 处问题。')
  })

  it('reports a repealed law and a duplicate id, naming file, entry and field', () => {
    const config = configWith([
      tip({ id: 'old-law', law: '旧示范法' }),
      tip({ id: 'demo-purpose' }),
    ])
    const { code, stderr } = content('check', '--config', config)
    expect(code).toBe(1)
    expect(stderr).toContain('extra.yml id: old-law 字段 law：《中华人民共和国旧示范法》已于 2024-03-01 废止，请改引《示范法》')
    expect(stderr).toContain('extra.yml id: demo-purpose：与 demo.yml 中的条目重复')
    expect(stderr).toContain('内容库有 2 处问题。')
  })
})

describe('npm run content -- export', () => {
  it('exports every tip and item as JSON with the law\'s full name', () => {
    const { code, stdout } = content('export', '--format', 'json', '--config', FIXTURE)
    expect(code).toBe(0)
    const rows = JSON.parse(stdout)
    expect(rows).toHaveLength(4)
    expect(rows[0]).toMatchObject({
      id: 'demo-purpose',
      kind: 'tip',
      title: '示范法的立法目的',
      law: '中华人民共和国示范法',
      article: '第一条',
      quote: '为了规范示范活动，保护当事人的合法权益，制定本法。',
      themes: ['宪法'],
      keyDates: ['demo-day'],
    })
    expect(rows[2]).toMatchObject({ kind: 'item', keyDates: [expect.any(String)] })
  })

  it('exports CSV that spreadsheets open as UTF-8', () => {
    const { code, stdout } = content('export', '--format', 'csv', '--config', FIXTURE)
    expect(code).toBe(0)
    const lines = stdout.split('\r\n')
    expect(lines[0]).toBe('\uFEFF编号,类型,标题,正文,法律,条号,引文,主题,节点,推送日,生效日期,文件')
    expect(lines[1]).toBe('demo-purpose,tip,示范法的立法目的,示范法第一条写明了立法目的：规范示范活动，保护当事人的合法权益。,中华人民共和国示范法,第一条,为了规范示范活动，保护当事人的合法权益，制定本法。,宪法,demo-day,,2024-03-01,demo.yml')
  })

  it('writes a clean file with --out, even through npm run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pufa-cli-'))
    tempDirs.push(dir)
    const out = join(dir, '内容.csv')
    const result = spawnSync('npm', ['run', 'content', '--', 'export', '--format', 'csv', '--out', out, '--config', FIXTURE], { cwd: ROOT, encoding: 'utf8' })
    expect(result.status).toBe(0)
    expect(result.stdout).toContain(`已导出 4 条到 ${out}`)
    const file = readFileSync(out, 'utf8')
    expect(file.startsWith('\uFEFF编号,类型,标题,')).toBe(true)
    expect(file).toBe(content('export', '--format', 'csv', '--config', FIXTURE).stdout)
  })

  it('asks for a format when none is given', () => {
    const { code, stderr } = content('export')
    expect(code).toBe(1)
    expect(stderr).toMatch(/^请用 --format json 或 --format csv 指定导出格式。/)
  })
})

describe('the shipped library', () => {
  const library = loadLibrary(resolve(ROOT, 'config'))

  it('has a tip for every day of a year', () => {
    expect(library.tips.length).toBeGreaterThanOrEqual(366)
  })

  it('has at least one item for every calendar entry', () => {
    const missing = library.calendar.entries.filter(entry => !library.items.some(item => item.entry === entry.id))
    expect(missing.map(entry => entry.id)).toEqual([])
  })
})
