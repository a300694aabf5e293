import { Context } from 'koishi'
import { ReportFields } from '../../../src/reports/fields'

declare module 'koishi' {
  interface Tables {
    pufa_unit: Unit
    pufa_officer: Officer
    pufa_invite: Invite
    pufa_bind_guard: BindGuard
    pufa_report: Report
    pufa_report_audit: ReportAudit
    pufa_report_total: ReportTotal
    pufa_report_total_mark: ReportTotalMark
    pufa_report_draft: ReportDraft
  }
}

export interface Unit {
  id: number
  name: string
  kind: string
  active: boolean
  createdAt: Date
}

/** A liaison officer: a Koishi user (all their bound platform accounts) serving one unit. */
export interface Officer {
  /** Koishi user id, shared by the user's accounts on every platform. */
  aid: number
  unitId: number
  /** The account that bound, for display and @-mentions. */
  platform: string
  userId: string
  name: string
  boundAt: Date
}

export interface Invite {
  code: string
  unitId: number
  createdBy: string
  createdAt: Date
  expiresAt: Date
  usedBy: string
  usedAt: Date
}

/** Wrong invite codes typed by one Koishi user, kept so that a restart does not reset them. */
export interface BindGuard {
  aid: number
  /** Wrong codes since `windowStart`. */
  failures: number
  windowStart: Date
  /** No code is tried for this user before then. */
  lockedUntil: Date
}

export type ReportStatus = 'active' | 'withdrawn'

export interface Report {
  id: number
  unitId: number
  title: string
  date: string
  place: string
  participants: number
  materials: number
  theme: string
  form: string
  keyDate: string
  /** File names under data/attachments/. */
  photos: string[]
  /** When the photos passed their keeping period and were deleted; the names stay on record. */
  photosExpiredAt: Date | null
  status: ReportStatus
  /** How it came in: line, paragraph or dialogue. */
  source: string
  createdBy: string
  createdAt: Date
  updatedAt: Date
}

/** Who changed a report, when, and its fields before and after. */
export interface ReportAudit {
  id: number
  reportId: number
  action: 'create' | 'edit' | 'withdraw'
  by: string
  at: Date
  before: Partial<Report> | null
  after: Partial<Report> | null
}

/**
 * Active reports of one unit in one year, quarter or month (src/ledger/rollup.ts), kept
 * in step with the reports by every write; a row exists only while the count is above 0.
 */
export interface ReportTotal {
  period: string
  unitId: number
  count: number
  participants: number
  materials: number
  lastDate: string
}

/** The latest audit entry the totals were brought up to date with (one row, id 1). */
export interface ReportTotalMark {
  id: number
  auditId: number
}

/** `resume`: offered to carry on after a pause; `resumeStep` keeps where it was. */
export type DraftStep = keyof ReportFields | 'photos' | 'confirm' | 'duplicate' | 'resume'

/** A report being put together in a conversation; survives timeouts and restarts. */
export interface ReportDraft {
  platform: string
  userId: string
  channelId: string
  unitId: number
  fields: ReportFields
  photos: string[]
  step: DraftStep
  resumeStep?: DraftStep | ''
  source: string
  updatedAt: Date
}

export function defineModels(ctx: Context) {
  ctx.model.extend('pufa_unit', {
    id: 'unsigned',
    name: 'string(63)',
    kind: 'string(31)',
    active: 'boolean',
    createdAt: 'timestamp',
  }, { autoInc: true, unique: ['name'] })

  ctx.model.extend('pufa_officer', {
    aid: 'unsigned',
    unitId: 'unsigned',
    platform: 'string(63)',
    userId: 'string(255)',
    name: 'string(255)',
    boundAt: 'timestamp',
  }, { primary: 'aid', indexes: [['unitId']] })

  ctx.model.extend('pufa_invite', {
    code: 'string(15)',
    unitId: 'unsigned',
    createdBy: 'string(255)',
    createdAt: 'timestamp',
    expiresAt: 'timestamp',
    usedBy: 'string(255)',
    usedAt: 'timestamp',
  }, { primary: 'code' })

  ctx.model.extend('pufa_bind_guard', {
    aid: 'unsigned',
    failures: 'unsigned',
    windowStart: 'timestamp',
    lockedUntil: 'timestamp',
  }, { primary: 'aid' })

  ctx.model.extend('pufa_report', {
    id: 'unsigned',
    unitId: 'unsigned',
    title: 'string(255)',
    date: 'string(10)',
    place: 'string(255)',
    participants: 'unsigned',
    materials: 'unsigned',
    theme: 'string(31)',
    form: 'string(31)',
    keyDate: 'string(63)',
    photos: 'json',
    photosExpiredAt: 'timestamp',
    status: 'string(15)',
    source: 'string(15)',
    createdBy: 'string(255)',
    createdAt: 'timestamp',
    updatedAt: 'timestamp',
  }, {
    autoInc: true,
    // The ledger's period queries read (status, date, unit, counts) from these indexes alone,
    // the second for a theme (台账 今年 -t 宪法: that theme's rows, not the whole year's).
    indexes: [
      ['unitId', 'date'],
      ['status', 'date', 'unitId', 'participants', 'materials'],
      ['status', 'theme', 'date', 'unitId', 'participants', 'materials'],
    ],
  })

  ctx.model.extend('pufa_report_audit', {
    id: 'unsigned',
    reportId: 'unsigned',
    action: 'string(15)',
    by: 'string(255)',
    at: 'timestamp',
    before: 'json',
    after: 'json',
  }, { autoInc: true, indexes: [['reportId']] })

  ctx.model.extend('pufa_report_total', {
    period: 'string(7)',
    unitId: 'unsigned',
    count: 'unsigned',
    participants: 'unsigned',
    materials: 'unsigned',
    lastDate: 'string(10)',
  }, {
    primary: ['period', 'unitId'],
    // Covers every column: a period's sums and its top units are read from the index alone,
    // the top ones in order (most activities, then most people) without sorting the rest.
    indexes: [['period', 'count', 'participants', 'unitId', 'materials', 'lastDate']],
  })

  ctx.model.extend('pufa_report_total_mark', {
    id: 'unsigned',
    auditId: 'unsigned',
  })

  ctx.model.extend('pufa_report_draft', {
    platform: 'string(63)',
    userId: 'string(255)',
    channelId: 'string(255)',
    unitId: 'unsigned',
    fields: 'json',
    photos: 'json',
    step: 'string(15)',
    resumeStep: 'string(15)',
    source: 'string(15)',
    updatedAt: 'timestamp',
  }, { primary: ['platform', 'userId', 'channelId'] })
}
