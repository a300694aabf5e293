import { AsyncLocalStorage } from 'node:async_hooks'
import { SQLiteDriver } from '@minatojs/driver-sqlite'
import { Context, Database, Schema, Selection } from 'koishi'
import { Gate } from './gate'
import { sqlSafeText } from './sql-text'

/** The driver's own config, and the data file's lock, released once the file is closed. */
export interface DriverConfig {
  path: string
  release?: () => void
}

type Builder = SQLiteDriver['sql']
const patchedBuilders = new WeakSet<object>()

/** Makes every string the driver's SQL builders quote safe for the SQL text (see sql-text.ts). */
function patchQuoting(builder: Builder) {
  const prototype = Object.getPrototypeOf(builder)
  if (patchedBuilders.has(prototype)) return
  patchedBuilders.add(prototype)
  const quote = prototype.quote as Builder['quote']
  prototype.quote = function (this: Builder, value: string) {
    return quote.call(this, sqlSafeText(value))
  }
}

const safeParam = (value: unknown) => typeof value === 'string' ? sqlSafeText(value) : value

/**
 * The WASM SQLite driver has one connection: a transaction opened while another is open
 * fails (“cannot start a transaction within a transaction”), and a plain write issued while
 * one is open becomes part of it, committed or rolled back with someone else's work. Here
 * every transaction and every plain operation takes its turn at one gate, in arrival order.
 *
 * Inside a transaction, minato hands the callback a database whose driver is a proxy that
 * answers `Database.transact`: those queries run in the turn the transaction already holds.
 * A plain `set` or `upsert` reads through the database before it writes; those reads run in
 * the turn of the operation that issued them (tracked with AsyncLocalStorage).
 */
export class SerialSQLiteDriver extends SQLiteDriver {
  // The plugin's config passes through this schema: the lock's release must survive it.
  static Config: Schema<DriverConfig> = Schema.object({
    path: Schema.string().required(),
    release: Schema.function(),
  }) as any

  declare config: DriverConfig
  private gate = new Gate()
  private turn = new AsyncLocalStorage<true>()
  /** Work started through inBackground(): it takes its turns after everyone else's. */
  readonly background = new AsyncLocalStorage<true>()
  private preparing = new Set<Promise<void>>()

  constructor(ctx: Context, config: DriverConfig) {
    // The driver is typed against cordis' Context, which koishi's extends.
    super(ctx as any, config)
    this.logger = ctx.logger('sqlite')
    patchQuoting(this.sql)
  }

  /**
   * Closes the file, then releases its lock. The driver closes it a tick later, but Koishi
   * does not wait for plugins to stop: a restart in the same process must find the file
   * closed and the lock free as soon as the app has stopped. Work in flight (operations at
   * the gate, a table being created) still finishes first.
   */
  async stop() {
    while (!this.gate.idle || this.preparing.size) {
      await Promise.allSettled([...this.preparing, this.gate.run(async () => {})])
    }
    this.db?.close()
    this.config.release?.()
  }

  /**
   * Schema updates are not queued at the gate (every query waits for them, a transaction's
   * too, so queuing them behind one would deadlock), only tracked so stop() can wait.
   */
  private track(task: Promise<void>) {
    this.preparing.add(task)
    const done = () => void this.preparing.delete(task)
    task.then(done, done)
    return task
  }

  prepare(table: string, dropKeys?: string[]) {
    return this.track(super.prepare(table, dropKeys))
  }

  prepareIndexes(table: string) {
    return this.track(super.prepareIndexes(table))
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    if ((this as any)[Database.transact] || this.turn.getStore()) return task()
    return this.gate.run(() => this.turn.run(true, task), !!this.background.getStore())
  }

  async withTransaction(callback: (session?: any) => Promise<void>) {
    await this.gate.run(async () => {
      this._run('BEGIN TRANSACTION')
      try {
        await callback()
        this._run('COMMIT')
      } catch (error) {
        this.rollback()
        throw error
      }
    }, !!this.background.getStore())
  }

  /** Ends a failed transaction; a failed COMMIT may have ended it already (_exec logs the statement). */
  private rollback() {
    try {
      this._run('ROLLBACK')
    } catch {}
  }

  _run(sql: string, params: any = [], callback?: () => any) {
    return super._run(sql, Array.isArray(params) ? params.map(safeParam) : params, callback)
  }

  get(sel: Selection.Immutable) {
    return this.serial(() => super.get(sel))
  }

  eval(sel: Selection.Immutable, expr: any) {
    return this.serial(() => super.eval(sel, expr))
  }

  set(sel: Selection.Mutable, update: {}) {
    return this.serial(() => super.set(sel, update))
  }

  remove(sel: Selection.Mutable) {
    return this.serial(() => super.remove(sel))
  }

  create(sel: Selection.Mutable, data: {}) {
    return this.serial(() => super.create(sel, data))
  }

  upsert(sel: Selection.Mutable, data: any[], keys: string[]) {
    return this.serial(() => super.upsert(sel, data, keys))
  }

  drop(table: string) {
    return this.serial(() => super.drop(table))
  }

  dropAll() {
    return this.serial(() => super.dropAll())
  }

  /**
   * A read's rows as SQLite gives them (numbers, strings, null), in its turn at the gate.
   * For bulk reads whose rows the ORM would decode field by field through Koishi's service
   * proxies, which costs far more than the query (see plainRows).
   */
  rows<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.serial(async () => this._all(sql, params.map(safeParam)) as T[])
  }
}

/**
 * Plain rows of a read through the SQLite driver: `?` placeholders take `params` (bound,
 * never inlined). Column values are SQLite's own: timestamps as epoch milliseconds, json
 * and list fields as their stored text, booleans as 0/1.
 */
export async function plainRows<T = Record<string, unknown>>(database: Database, sql: string, params: unknown[] = []): Promise<T[]> {
  // Tables are created as the ORM first needs them; a plain read may come first.
  await database.prepared()
  return serialDriver(database).rows<T>(sql, params)
}

/** `a`, `b`, … as a SELECT's column list. */
export const columnList = (columns: readonly string[]) => columns.map(column => `\`${column}\``).join(', ')

/**
 * The rows of `select` as arrays of `columns` (names among its result's), in that order.
 * SQLite builds them into one JSON text, parsed once: through the driver each row costs a
 * call for its column names and one per value, which is most of a bulk read's time.
 * Values are SQLite's own, as for plainRows. Rows come in the order the aggregate meets
 * them (this SQLite cannot order inside it): sort them where order matters.
 */
export async function jsonTuples<T extends unknown[]>(database: Database, columns: readonly string[], select: string, params: unknown[] = []): Promise<T[]> {
  const [{ rows }] = await plainRows<{ rows: string }>(database,
    `SELECT json_group_array(json_array(${columnList(columns)})) AS \`rows\` FROM (${select})`, params)
  return JSON.parse(rows)
}

/**
 * Runs raw statements inside the transaction `db` was handed by `withTransaction`: they
 * commit or roll back with it. (plainRows from there would wait at the gate for the
 * transaction holding it, which waits for them.) `?` placeholders take the parameters,
 * strings made safe as for every other statement.
 */
export async function inTransaction<T>(db: Database<any, any, any>, work: (sql: TransactionSql) => T): Promise<T> {
  if (!(db as any)[Database.transact]) throw new Error('inTransaction needs the database a transaction was handed')
  // The transaction's own driver: its session is the gate's turn, BEGIN already sent once it resolves.
  const driver = (db as any).getDriver(Object.keys(db.tables)[0]) as SerialSQLiteDriver & { _ensureSession(): Promise<unknown> }
  if (!(driver instanceof SerialSQLiteDriver)) throw new Error('this needs the database-sqlite plugin')
  await driver._ensureSession()
  return work({
    rows: (sql, params = []) => driver._all(sql, params.map(safeParam)),
    run: (sql, params = []) => void driver._run(sql, params),
  })
}

/** Statements run within a transaction's turn, synchronously (see inTransaction). */
export interface TransactionSql {
  rows<T = Record<string, unknown>>(sql: string, params?: unknown[]): T[]
  run(sql: string, params?: unknown[]): void
}

/**
 * The SELECT the driver would send for a selection (its values written in, quoted safely),
 * for a plain read that wraps it: one query where the ORM would need several, and rows
 * without per-field decoding. Column names are the selection's field names.
 */
export function selectionSql<S>(database: Database, sel: Selection<S>): string {
  const driver = serialDriver(database)
  // The driver's own builder class, as its get() uses it; the package does not export it.
  const Builder = driver.sql.constructor as new (driver: SQLiteDriver, tables: Selection.Immutable['tables']) => Builder
  return new Builder(driver, sel.tables).get(sel as unknown as Selection.Immutable)!
}

/**
 * Runs bulk work (a push tick) whose database operations take their turns after any
 * other waiting operation: a chat command arriving meanwhile waits for the one in
 * progress, not for the work's queue. Its operations still run one at a time, in order.
 */
export function inBackground<T>(database: Database, work: () => Promise<T>): Promise<T> {
  return serialDriver(database).background.run(true, work)
}

function serialDriver(database: Database) {
  const driver = database.drivers.find(driver => driver instanceof SerialSQLiteDriver) as SerialSQLiteDriver | undefined
  if (!driver) throw new Error('this needs the database-sqlite plugin')
  return driver
}
