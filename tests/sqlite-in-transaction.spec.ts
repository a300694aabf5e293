// Raw statements inside a transaction (inTransaction): they are the transaction's own, so
// they commit or roll back with it, never with someone else's; and a user's text in them
// is bound as a value, inert as in every other statement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTransaction, plainRows } from '../plugins/database-sqlite/src/driver'
import { createBot, TestBot } from './helpers/bot'

let t: TestBot

beforeAll(async () => {
  t = await createBot()
})

afterAll(async () => {
  await t.dispose()
})

const insertTotal = 'INSERT INTO `pufa_report_total` (`period`, `unitId`, `count`, `participants`, `materials`, `lastDate`) VALUES (?, ?, 1, 0, 0, ?)'

async function totals(period: string) {
  return plainRows<{ unitId: number; lastDate: string }>(t.app.database, 'SELECT `unitId`, `lastDate` FROM `pufa_report_total` WHERE `period` = ? ORDER BY `unitId`', [period])
}

/** A promise and the function that settles it. */
function latch() {
  let open!: () => void
  const opened = new Promise<void>(resolve => open = resolve)
  return { open, opened }
}

describe('raw statements inside a transaction', () => {
  it('commit with the transaction, together with its ORM writes, and read what it wrote so far', async () => {
    let seen: unknown[] = []
    await t.app.database.withTransaction(async (db) => {
      await db.create('pufa_report_total', { period: '2001', unitId: 1, count: 2, participants: 0, materials: 0, lastDate: '2001-01-01' })
      seen = await inTransaction(db, (sql) => {
        sql.run(insertTotal, ['2001', 2, '2001-02-02'])
        return sql.rows('SELECT `unitId` FROM `pufa_report_total` WHERE `period` = ? ORDER BY `unitId`', ['2001'])
      })
    })
    expect(seen).toEqual([{ unitId: 1 }, { unitId: 2 }])
    expect(await totals('2001')).toEqual([{ unitId: 1, lastDate: '2001-01-01' }, { unitId: 2, lastDate: '2001-02-02' }])
  })

  it('roll back with the transaction when it fails', async () => {
    const failure = t.app.database.withTransaction(async (db) => {
      await inTransaction(db, sql => sql.run(insertTotal, ['2002', 1, '2002-01-01']))
      await db.create('pufa_report_total', { period: '2002', unitId: 2, count: 1, participants: 0, materials: 0, lastDate: '2002-01-01' })
      throw new Error('the write after them failed')
    })
    await expect(failure).rejects.toThrow('the write after them failed')
    expect(await totals('2002')).toEqual([])
  })

  it('wait for their own transaction to begin: a rolled-back one never joins the one before it', async () => {
    // The first transaction holds the connection when the second, whose first statement is
    // raw, starts; then the first commits and the second fails.
    const begun = latch(), hold = latch()
    const first = t.app.database.withTransaction(async (db) => {
      await db.create('pufa_report_total', { period: '2003', unitId: 1, count: 1, participants: 0, materials: 0, lastDate: '2003-01-01' })
      begun.open()
      await hold.opened
    })
    await begun.opened
    const second = t.app.database.withTransaction(async (db) => {
      await inTransaction(db, sql => sql.run(insertTotal, ['2003', 2, '2003-02-02']))
      throw new Error('the second one failed')
    })
    hold.open()
    await first
    await expect(second).rejects.toThrow('the second one failed')
    expect(await totals('2003')).toEqual([{ unitId: 1, lastDate: '2003-01-01' }])
  })

  it('keep hostile text a plain value', async () => {
    const hostile = ["X\uD800'OR(1=1)--", "X\u0000'OR(1=1)--", "X\uDBFF\\'); DROP TABLE `pufa_report`;--"]
    let read: unknown[] = []
    await t.app.database.withTransaction(async (db) => {
      read = await inTransaction(db, (sql) => {
        hostile.forEach((text, index) => sql.run(insertTotal, ['2004', index + 1, text]))
        return sql.rows('SELECT ? AS `text`', [hostile[0]])
      })
    })
    // As the database keeps text: lone surrogates and NUL become U+FFFD.
    const stored = hostile.map(text => text.toWellFormed().replaceAll('\0', '\uFFFD'))
    expect(read).toEqual([{ text: stored[0] }])
    expect(await totals('2004')).toEqual(stored.map((lastDate, index) => ({ unitId: index + 1, lastDate })))
    expect(await plainRows(t.app.database, 'SELECT count(*) AS `n` FROM `pufa_report`')).toEqual([{ n: 0 }])
  })

  it('are refused outside a transaction', async () => {
    await expect(inTransaction(t.app.database, sql => sql.rows('SELECT 1'))).rejects.toThrow('inTransaction')
  })
})
