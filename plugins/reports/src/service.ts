import { resolve } from 'node:path'
import { Context, Service, Session } from 'koishi'
import { suggest } from '../../../src/content/library'
import { textLength } from '../../../src/reports/fields'
import { loadRoster, Roster } from '../../../src/reports/roster'
import { UNIT_NAME_MAX, unitNameKey } from '../../../src/reports/unit-name'
import { Config } from './config'
import { Officer, Report, ReportAudit, Unit } from './models'
import { addUnit, createInvite } from './register'
import { rebuildTotals, refreshTotals, totalsMatch } from './totals'

declare module 'koishi' {
  interface Context {
    pufaReports: PufaReports
  }
}

export type Role =
  | { kind: 'admin'; officer?: Officer }
  | { kind: 'officer'; officer: Officer; unit: Unit }
  | { kind: 'member' }

/** A unit name that does not match: the closest active name, if any. */
export class UnknownUnit {
  constructor(public name: string, public suggestion: string) {}
}

/**
 * Units, officers and reports: what every reporting and ledger feature asks
 * (who is this, which unit, save this report with its audit entry).
 */
export class PufaReports extends Service {
  static inject = ['database', 'pufaRoles']
  readonly roster: Roster

  constructor(ctx: Context, public config: Config) {
    const roster = loadRoster(resolve(ctx.baseDir, config.dir))
    super(ctx, 'pufaReports')
    this.roster = roster
  }

  /**
   * Adds roster units missing from the database (existing ones are left as admins set
   * them), and rebuilds the ledger totals if they disagree with the reports.
   */
  async start() {
    // By key: a roster name spelled with other spaces or full-width forms is the same unit.
    const existing = new Set((await this.ctx.database.get('pufa_unit', {}, ['name'])).map(unit => unitNameKey(unit.name)))
    for (const unit of this.roster.units) {
      if (existing.has(unitNameKey(unit.name))) continue
      await this.ctx.database.create('pufa_unit', { ...unit, active: true, createdAt: new Date() })
    }
    await this.ensureTotals()
  }

  /** Rebuilds the totals when they disagree with the reports; how many rows it wrote, or 0. */
  async ensureTotals() {
    if (await totalsMatch(this.ctx.database)) return 0
    const logger = this.ctx.logger('pufa-reports')
    const text = (path: string, params: object) => this.ctx.i18n.text(['zh-CN'], [`pufa-reports.${path}`], params)
    logger.info(text('totals-rebuilding', {}))
    const started = Date.now()
    let rows = 0
    await this.ctx.database.withTransaction(async (db) => {
      rows = await rebuildTotals(db)
    })
    logger.info(text('totals-rebuilt', { rows, seconds: ((Date.now() - started) / 1000).toFixed(1) }))
    return rows
  }

  /** The sender's role; commands that call this declare `userFields(['id', 'authority'])`. */
  async role(session: Session<'id' | 'authority'>): Promise<Role> {
    const [officer] = session.user?.id ? await this.ctx.database.get('pufa_officer', { aid: session.user.id }) : []
    if (this.ctx.pufaRoles.isAdmin(session)) return { kind: 'admin', officer }
    if (!officer) return { kind: 'member' }
    const [unit] = await this.ctx.database.get('pufa_unit', { id: officer.unitId, active: true })
    return unit ? { kind: 'officer', officer, unit } : { kind: 'member' }
  }

  async activeUnits() {
    return this.ctx.database.get('pufa_unit', { active: true }, { sort: { id: 'asc' } })
  }

  /**
   * An active unit by name (spaces, full-width forms and case aside), or what the user
   * probably meant. Only a miss reads the whole register; a name far longer than any unit's
   * gets no suggestion, so that the edit distances stay small.
   */
  async findUnit(name: string): Promise<Unit | UnknownUnit> {
    const typed = name.normalize('NFKC').trim()
    const [unit] = await this.ctx.database.get('pufa_unit', { name: typed, active: true })
    if (unit) return unit
    const units = await this.ctx.database.get('pufa_unit', { active: true })
    const key = unitNameKey(typed)
    const same = units.find(unit => unitNameKey(unit.name) === key)
    if (same) return same
    const suggestion = textLength(typed) <= 2 * UNIT_NAME_MAX ? suggest(typed, units.map(unit => unit.name)) : ''
    return new UnknownUnit(name, suggestion)
  }

  /** 单位 添加: a new unit, or a stopped one brought back, by the register's rules. */
  addUnit(name: string, kind?: string) {
    return addUnit(this.ctx, this.roster, name, kind)
  }

  /** 单位 停用: no longer asked to report; its reports stay. */
  async stopUnit(unitId: number) {
    await this.ctx.database.set('pufa_unit', { id: unitId }, { active: false })
  }

  /** 单位 邀请: a one-time code for the unit's officer, valid for the configured days. */
  createInvite(unitId: number, by: string) {
    return createInvite(this.ctx, unitId, by, this.config.inviteDays)
  }

  /** Takes back a code that never reached the admin. */
  async revokeInvite(code: string) {
    await this.ctx.database.remove('pufa_invite', { code })
  }

  async unitName(unitId: number) {
    const [unit] = await this.ctx.database.get('pufa_unit', { id: unitId }, ['name'])
    return unit?.name ?? `#${unitId}`
  }

  /** Writes a change to a report, its audit entry and the ledger totals it moves, in one transaction. */
  async audit(action: ReportAudit['action'], by: string, before: Report | null, write: (db: Context['database']) => Promise<Report>) {
    let after!: Report
    await this.ctx.database.withTransaction(async (db) => {
      after = await write(db)
      const entry = await db.create('pufa_report_audit', { reportId: after.id, action, by, at: new Date(), before, after })
      // The row as stored too: another change may have moved it since `before` was read.
      // A new row (no `before`) is just as written.
      const [stored] = before ? await db.get('pufa_report', { id: after.id }) : []
      await refreshTotals(db, [before, after, stored ?? null], entry.id)
    })
    return after
  }
}
