import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Context, h } from 'koishi'
import { inBatches } from '../../ledger/src/queries'
import { Report, ReportAudit } from '../../reports/src/models'
import { attachmentsDir } from '../../reports/src/photos'
import { FIELD_ORDER } from '../../reports/src/render'

/** Activities and history entries a unit's page lists, newest first; older ones are in the downloads. */
export const LIST_LIMIT = 200

export interface UnitSummary {
  id: number
  name: string
  kind: string
  active: boolean
  officers: number
}

export interface Activity extends Pick<Report, 'id' | 'title' | 'date' | 'place' | 'participants' | 'materials' | 'theme' | 'form' | 'photos'> {
  keyDate: string
  /** The photos passed their keeping period and were deleted; only their names remain. */
  photosExpired: boolean
}

export interface Change {
  field: string
  before: string
  after: string
}

export interface HistoryEntry {
  reportId: number
  title: string
  action: ReportAudit['action']
  by: string
  at: number
  changes: Change[]
}

export interface UnitDetail {
  unit: UnitSummary
  officers: { name: string; account: string; boundAt: number }[]
  activities: Activity[]
  history: HistoryEntry[]
}

/** The answer to a change of the register: done or refused, in the words the 单位 command uses. */
export interface ChangeReply {
  ok: boolean
  text: string
}

const HISTORY_FIELDS = [...FIELD_ORDER, 'status'] as const

/** The fields a change moved, with their values before and after. */
function changes(before: Partial<Report> | null, after: Partial<Report> | null): Change[] {
  const shown = (value: unknown) => value === undefined || value === null ? '' : String(value)
  const moved: Change[] = HISTORY_FIELDS
    .filter(field => shown(before?.[field]) !== shown(after?.[field]))
    .map(field => ({ field, before: shown(before?.[field]), after: shown(after?.[field]) }))
  const photos = (report: Partial<Report> | null) => report?.photos?.length ?? 0
  if (photos(before) !== photos(after)) moved.push({ field: 'photos', before: String(photos(before)), after: String(photos(after)) })
  return moved
}

export async function unitList(ctx: Context): Promise<{ units: UnitSummary[]; kinds: string[] }> {
  const units = await ctx.database.get('pufa_unit', {}, { sort: { active: 'desc', id: 'asc' } })
  const officers = await ctx.database.get('pufa_officer', {}, ['unitId'])
  const count = new Map<number, number>()
  for (const officer of officers) count.set(officer.unitId, (count.get(officer.unitId) ?? 0) + 1)
  return {
    units: units.map(unit => ({ id: unit.id, name: unit.name, kind: unit.kind, active: unit.active, officers: count.get(unit.id) ?? 0 })),
    kinds: ctx.pufaReports.roster.kinds,
  }
}

/** A unit's officers, its latest activities and the latest changes to its reports; undefined for an unknown id. */
export async function unitDetail(ctx: Context, unitId: number): Promise<UnitDetail | undefined> {
  const [unit] = await ctx.database.get('pufa_unit', { id: unitId })
  if (!unit) return
  const officers = await ctx.database.get('pufa_officer', { unitId })
  const reports = await ctx.database.get('pufa_report', { unitId, status: 'active' }, { sort: { date: 'desc', id: 'desc' }, limit: LIST_LIMIT })
  const calendar = ctx.pufaContent.calendar
  // Every report of the unit, withdrawn ones too: their history is the unit's.
  const titles = new Map((await ctx.database.get('pufa_report', { unitId }, ['id', 'title'])).map(r => [r.id, r.title]))
  const audits = (await inBatches([...titles.keys()], batch => ctx.database.get('pufa_report_audit', { reportId: { $in: batch } })))
    .sort((a, b) => b.id - a.id)
    .slice(0, LIST_LIMIT)
  // Officers by the name they bound with; the console and anyone else by their account.
  const names = new Map((await ctx.database.get('pufa_officer', {})).map(o => [`${o.platform}:${o.userId}`, o.name]))
  return {
    unit: { id: unit.id, name: unit.name, kind: unit.kind, active: unit.active, officers: officers.length },
    officers: officers.map(o => ({ name: o.name, account: `${o.platform}:${o.userId}`, boundAt: o.boundAt.getTime() })),
    activities: reports.map(r => ({
      id: r.id, title: r.title, date: r.date, place: r.place, participants: r.participants, materials: r.materials,
      theme: r.theme, form: r.form, keyDate: r.keyDate ? calendar.get(r.keyDate)?.name ?? r.keyDate : '',
      photos: r.photos, photosExpired: !!r.photosExpiredAt,
    })),
    history: audits.map(a => ({
      reportId: a.reportId, title: titles.get(a.reportId) ?? '', action: a.action, by: names.get(a.by) ?? a.by, at: a.at.getTime(), changes: changes(a.before, a.after),
    })),
  }
}

const MIME: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp' }

/**
 * One photo of a report as a data: URL, for the page's thumbnails. Only a name the report
 * lists is read, so no request reaches any other file of the data folder.
 */
export async function photo(ctx: Context, reportId: number, name: string): Promise<string | null> {
  const [report] = await ctx.database.get('pufa_report', { id: reportId }, ['photos', 'photosExpiredAt'])
  if (!report || report.photosExpiredAt || !report.photos.includes(name)) return null
  const mime = MIME[name.split('.').pop() ?? '']
  if (!mime || name.includes('/') || name.includes('\\')) return null
  try {
    const bytes = await readFile(join(attachmentsDir(ctx, ctx.pufaReports.config), name))
    return `data:${mime};base64,${bytes.toString('base64')}`
  } catch {
    return null
  }
}

/** A reply of the 单位 commands, for the page to show as the chat shows it. */
export function commandText(ctx: Context, command: string, code: string, params: object) {
  return h.unescape(ctx.i18n.render(['zh-CN'], [`commands.${command}.messages.${code}`], params).join(''))
}

export async function addUnit(ctx: Context, name: string, kind: string): Promise<ChangeReply> {
  const outcome = await ctx.pufaReports.addUnit(String(name ?? ''), kind || undefined)
  return { ok: outcome.ok, text: commandText(ctx, '单位.添加', outcome.code, outcome.params) }
}

export async function stopUnit(ctx: Context, unitId: number): Promise<ChangeReply> {
  const [unit] = await ctx.database.get('pufa_unit', { id: unitId, active: true })
  if (!unit) return { ok: false, text: '' }
  await ctx.pufaReports.stopUnit(unit.id)
  return { ok: true, text: commandText(ctx, '单位.停用', 'done', { name: unit.name }) }
}

/** A new invite code, returned to the admin who asked and shown nowhere else. */
export async function invite(ctx: Context, unitId: number, by: string) {
  const [unit] = await ctx.database.get('pufa_unit', { id: unitId, active: true })
  if (!unit) return null
  const { shown, expiresAt, days } = await ctx.pufaReports.createInvite(unit.id, by)
  return { unit: unit.name, code: shown, expiresAt: expiresAt.getTime(), days }
}
