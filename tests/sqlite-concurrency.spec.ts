// Many officers reporting at the same moment, on the WASM SQLite driver's one connection:
// every transaction waits its turn instead of failing, and no write joins another's.
import { Logger } from 'koishi'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { at, createBot, TestBot } from './helpers/bot'
import { bindOfficer, recountTotals, reportRows, sortTotals } from './helpers/reports'

const OFFICERS = 20
const REPORTS_EACH = 10
const GROUPS = 300
/** Two hundred transactions one after another take a while on a busy machine. */
const LONG = 300_000

let t: TestBot
let logged: { type: string; content: string }[]
const target: Logger.Target = { colors: 0, record: record => void logged.push(record) }

beforeEach(() => {
  logged = []
  Logger.targets.push(target)
})

afterEach(async () => {
  Logger.targets.splice(Logger.targets.indexOf(target), 1)
  await t.dispose()
  vi.useRealTimers()
})

/** One officer per unit, bound in a group of their own: the roster's units, and more added until there are enough. */
async function officers() {
  const units = (await t.app.database.get('pufa_unit', { active: true })).map(unit => unit.name)
  for (let i = units.length; i < OFFICERS; i++) {
    const name = `测试单位${i}`
    await t.admin('office').receive(`单位 添加 ${name} -k 部门`)
    units.push(name)
  }
  const ids: string[] = []
  for (let i = 0; i < OFFICERS; i++) {
    await bindOfficer(t, `o${i}`, units[i], `g-o${i}`)
    ids.push(`o${i}`)
  }
  return ids
}

/** Every officer sends REPORTS_EACH one-line reports, all at once; the replies, in sending order. */
function reportAllAtOnce(ids: string[]) {
  return Promise.all(ids.flatMap((id, o) => Array.from({ length: REPORTS_EACH }, (_, j) =>
    t.client(id, `g-${id}`).receive(`报送 普法宣讲${o}-${j} -d 2026-12-0${1 + j % 9} -p ${10 + j} -m ${o}`))))
}

async function expectEveryReportKept(replies: string[][]) {
  const receipts = replies.map(reply => reply.length === 1 ? /^已登记 #(\d+)｜/.exec(reply[0])?.[1] : undefined)
  expect(replies.filter((_, i) => !receipts[i])).toEqual([])
  expect(new Set(receipts).size).toBe(OFFICERS * REPORTS_EACH)
  const rows = await reportRows(t)
  expect(rows).toHaveLength(OFFICERS * REPORTS_EACH)
  expect(rows.map(row => String(row.id)).sort()).toEqual([...receipts as string[]].sort())
  expect(sortTotals(await t.app.database.get('pufa_report_total', {}))).toEqual(await recountTotals(t))
  expect(logged.filter(record => record.type === 'error')).toEqual([])
  expect(logged.filter(record => /transaction/i.test(record.content))).toEqual([])
}

describe('reports sent at the same moment', () => {
  it(`keeps all ${OFFICERS * REPORTS_EACH} from ${OFFICERS} officers, each with its receipt and in the totals`, async () => {
    vi.useFakeTimers({ now: at('2026-12-10 10:00'), toFake: ['Date'] })
    t = await createBot()
    const ids = await officers()
    await expectEveryReportKept(await reportAllAtOnce(ids))
  }, LONG)

  it(`keeps them all while a push tick claims slots for ${GROUPS} groups`, async () => {
    vi.useFakeTimers({ now: at('2026-12-10 08:00') })
    t = await createBot()
    const ids = await officers()
    const groups = Array.from({ length: GROUPS }, (_, i) => `push${i}`)
    for (const group of groups) expect((await t.admin(group).receive('订阅 -t 08:30 --no-dates'))[0]).toMatch(/^已为本群订阅。/)
    vi.setSystemTime(at('2026-12-10 08:29'))
    const [, replies] = await Promise.all([
      vi.advanceTimersByTimeAsync(3 * 60_000),
      reportAllAtOnce(ids),
    ])
    await expectEveryReportKept(replies)
    const deliveries = await t.app.database.get('pufa_delivery', {})
    expect(deliveries).toHaveLength(GROUPS)
    expect(deliveries.every(row => row.attempt === 1 && row.status === 'sent')).toBe(true)
    for (const group of groups) expect(t.bot.to(group)).toHaveLength(1)
  }, LONG)
})
