import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lineFormat } from '../plugins/ledger/src/lines'
import { createBot, TestBot } from './helpers/bot'

let t: TestBot

beforeAll(async () => {
  t = await createBot()
})

afterAll(() => t.dispose())

describe('lineFormat', () => {
  it('renders every row exactly as session.text would', async () => {
    const rows = [
      { rank: 1, unit: '城关镇', count: 3, participants: '1,580', materials: '2,500', last: '12-15' },
      { rank: 2, unit: 'A&B <b>"学校"</b>', count: 0, participants: '1.2万', materials: '0', last: '' },
      { rank: 3, unit: '{unit} \u0000rank\u0000 👨‍👩‍👧', count: 12, participants: '{0}', materials: '&amp;', last: '01-02' },
    ]
    const rendered: [string, string][] = []
    t.app.command('probe-lines').action(({ session }) => {
      const line = lineFormat(session!, 'commands.台账.messages.line')
      for (const row of rows) rendered.push([line(row), session!.text('commands.台账.messages.line', row)])
      return line(rows[1])
    })
    expect(await t.admin('g').receive('probe-lines')).toEqual(['2. A&B <b>"学校"</b>　0场｜1.2万人次｜0份｜最近'])
    expect(rendered).toHaveLength(3)
    for (const [ours, koishi] of rendered) expect(ours).toBe(koishi)
    expect(rendered[2][0]).toBe('3. {unit} \u0000rank\u0000 👨‍👩‍👧　12场｜{0}人次｜&amp;amp;份｜最近 01-02')
  })
})
