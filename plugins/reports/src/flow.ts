import { Context, Session } from 'koishi'
import { inTransaction, plainRows } from '../../database-sqlite/src/driver'
import { accountOf } from '../../roles/src'
import { isUniqueClash } from '../../../src/delivery/errors'
import { ReportFields, textLength, validateFields } from '../../../src/reports/fields'
import { formatShanghai, shanghaiDate } from '../../../src/time/shanghai'
import { Config } from './config'
import { keyDateFor, Problem, readField } from './field-input'
import { INPUT_LIMITS } from './input-limits'
import { DraftStep, Report, ReportDraft } from './models'
import { savePhotos, withoutImages } from './photos'
import { fieldLines, problemText, receipt } from './render'

/** Dialogue questions in order; title and date are required, the rest may be skipped. */
export const QUESTIONS = ['title', 'date', 'place', 'participants', 'materials', 'theme', 'form', 'photos'] as const
const REQUIRED = new Set<DraftStep>(['title', 'date'])

type DraftKey = Pick<ReportDraft, 'platform' | 'userId' | 'channelId'>

export function draftKey(session: Session): DraftKey {
  return { platform: session.platform, userId: session.userId!, channelId: session.channelId! }
}

/**
 * Reports that take more than one message: the guided dialogue, the confirmation of a
 * parsed paragraph, and the question before a likely duplicate. Every step is stored in
 * `pufa_report_draft` first, so a timeout, an interruption or a restart loses nothing.
 */
export class ReportFlow {
  /** Who has a draft, so ordinary messages skip the database. Drafts themselves live there. */
  private active = new Set<string>()

  constructor(private ctx: Context, private config: Config) {}

  private static id(key: DraftKey) {
    return `${key.platform}|${key.userId}|${key.channelId}`
  }

  /** Reads who has drafts; called once the database is ready. */
  async load() {
    const drafts = await this.ctx.database.get('pufa_report_draft', {}, ['platform', 'userId', 'channelId'])
    this.active = new Set(drafts.map(ReportFlow.id))
  }

  /**
   * Whether a message is meant for the bot: in a private chat always, in a group only with
   * an @ of the bot or as a reply quoting one of its messages. Every question says so.
   */
  addressed(session: Session) {
    return session.isDirect || !!session.stripped.appel || (!!session.quote?.user?.id && session.quote.user.id === session.selfId)
  }

  hasDraft(session: Session) {
    return !!session.userId && !!session.channelId && this.active.has(ReportFlow.id(draftKey(session)))
  }

  private get reports() {
    return this.ctx.pufaReports
  }

  today() {
    return shanghaiDate(new Date())
  }

  async draft(session: Session) {
    const [draft] = await this.ctx.database.get('pufa_report_draft', draftKey(session))
    return draft
  }

  isPaused(draft: ReportDraft) {
    return Date.now() - draft.updatedAt.getTime() > this.config.dialogueTimeout
  }

  private async store(draft: ReportDraft) {
    draft.updatedAt = new Date()
    const id = ReportFlow.id(draft)
    // A first draft is inserted outright (an upsert reads the row before it writes); one
    // there after all (written before this process knew of it) is updated instead.
    if (!this.active.has(id)) {
      try {
        await this.ctx.database.create('pufa_report_draft', draft)
        return void this.active.add(id)
      } catch (error) {
        if (!isUniqueClash(error)) throw error
      }
    }
    await this.ctx.database.upsert('pufa_report_draft', [draft])
    this.active.add(id)
  }

  async discard(session: Session) {
    await this.ctx.database.remove('pufa_report_draft', draftKey(session))
    this.active.delete(ReportFlow.id(draftKey(session)))
  }

  /** Keeps the fields and asks before saving a likely duplicate of a report just made. */
  async askDuplicate(session: Session, draft: Omit<ReportDraft, 'step' | 'updatedAt' | keyof DraftKey>, duplicate: Pick<Report, 'id' | 'title'>) {
    await this.store({ ...draftKey(session), ...draft, step: 'duplicate', updatedAt: new Date() })
    return session.text('pufa-reports.duplicate.ask', { id: duplicate.id, title: duplicate.title })
  }

  /**
   * A draft left unfinished: offered when the officer next sends 报送. Until they answer
   * 继续 or 重新开始 the draft waits at `resume`, so that a 确认 meant for something else
   * does not file a report they have not seen again.
   */
  async offerResume(session: Session, draft: ReportDraft) {
    const saved = formatShanghai(draft.updatedAt)
    if (draft.step !== 'resume') {
      draft.resumeStep = draft.step
      draft.step = 'resume'
    }
    await this.store(draft)
    const title = draft.fields.title ?? session.text('pufa-reports.field-empty')
    return [session.text('pufa-reports.resume.offer', { title, saved }), ...this.groupHint(session)].join('\n')
  }

  /** In a group, how to answer so that the answer is taken (see addressed). */
  private groupHint(session: Session) {
    return session.isDirect ? [] : [session.text('pufa-reports.ask.in-group')]
  }

  /** Starts (or restarts) the guided dialogue with the first question. */
  async startDialogue(session: Session, unitId: number, photos: string[] = []) {
    const draft: ReportDraft = { ...draftKey(session), unitId, fields: {}, photos, step: 'title', source: 'dialogue', updatedAt: new Date() }
    await this.store(draft)
    return this.question(session, draft)
  }

  /** Shows what was understood from a paragraph and waits for 确认 or a correction. */
  async confirmParsed(session: Session, unitId: number, fields: ReportFields, photos: string[], unitName = '') {
    // The key date follows the date, theme and title as they are corrected; only one the
    // officer picks (节点 …) is kept as given.
    fields = { ...fields }
    delete fields.keyDate
    const draft: ReportDraft = { ...draftKey(session), unitId, fields, photos, step: 'confirm', source: 'paragraph', updatedAt: new Date() }
    await this.store(draft)
    return this.summary(session, draft, 'pufa-reports.confirm.parsed', unitName)
  }

  /** The question for the draft's current step, with the answer it would take by default. */
  async question(session: Session, draft: ReportDraft) {
    if (draft.step === 'confirm') return this.summary(session, draft, 'pufa-reports.confirm.dialogue')
    const suggestion = this.suggestion(draft)
    const lines = [session.text(`pufa-reports.ask.${draft.step}`)]
    if (suggestion !== undefined) lines.push(session.text('pufa-reports.ask.suggestion', [suggestion]))
    else if (!REQUIRED.has(draft.step)) lines.push(session.text('pufa-reports.ask.optional'))
    lines.push(session.text('pufa-reports.ask.cancel'), ...this.groupHint(session))
    return lines.join('\n')
  }

  /** Today for the date; for theme and form, what the title suggests. */
  private suggestion(draft: ReportDraft): string | undefined {
    if (draft.step === 'date') return draft.fields.date ?? this.today()
    if (draft.step === 'theme' || draft.step === 'form') {
      const value = draft.fields[draft.step]
      if (value) return value
      const guess = readField(this.ctx, draft.step, draft.fields.title ?? '', this.today(), { infer: true })
      return 'value' in guess ? String(guess.value) : undefined
    }
  }

  /**
   * The draft as it would be filed, field by field, and what to reply. A draft that could
   * not be filed (a refused or missing title, a date not yet come) says what to fix
   * instead of offering 确认. `unitName`: the draft unit's name when the caller has it already.
   */
  async summary(session: Session, draft: ReportDraft, header: string, unitName = '') {
    const unit = unitName || await this.reports.unitName(draft.unitId)
    const keyDate = this.keyDateName(session, draft.fields)
    const problems = this.problems(draft.fields)
    return [
      session.text(header),
      ...fieldLines(session, { ...draft.fields, unit, photos: draft.photos.length }, keyDate),
      ...problems.map(problem => problemText(session, problem)),
      session.text(problems.length ? 'pufa-reports.confirm.fix-first' : 'pufa-reports.confirm.how'),
      ...this.groupHint(session),
    ].join('\n')
  }

  private keyDateName(session: Session, fields: ReportFields) {
    const id = keyDateFor(this.ctx, fields)
    if (id === '') return session.text('pufa-reports.key-date-none')
    return id ? this.ctx.pufaContent.calendar.get(id)?.name : undefined
  }

  /**
   * Why the sender may no longer file this draft (its unit stopped, or they are no longer
   * its officer or an admin), else the unit's name for the replies. A draft outlives the
   * role it was begun with, so every answer to it, 确认 included, is checked here first.
   */
  private async refusal(session: Session<'id' | 'authority'>, draft: ReportDraft): Promise<{ refused: string } | { unitName: string }> {
    const role = await this.reports.role(session)
    // The role's unit is an active one: the officer's own unit needs no second read.
    if (role.kind === 'officer' && role.unit.id === draft.unitId) return { unitName: role.unit.name }
    const [unit] = await this.ctx.database.get('pufa_unit', { id: draft.unitId })
    if (!unit?.active) return { refused: session.text('pufa-reports.draft.unit-inactive', [unit?.name ?? `#${draft.unitId}`]) }
    if (role.kind === 'admin') return { unitName: unit.name }
    return { refused: session.text('pufa-reports.draft.not-officer', [unit.name]) }
  }

  /** Handles a message from someone with an active draft. Returns the reply. */
  async answer(session: Session<'id' | 'authority'>, draft: ReportDraft): Promise<string> {
    const checked = await this.refusal(session, draft)
    if ('refused' in checked) {
      await this.discard(session)
      return checked.refused
    }
    const { unitName } = checked
    const text = withoutImages(session.stripped.content ?? '')
    const length = textLength(text)
    if (length > INPUT_LIMITS.text) return session.text('pufa-reports.input-too-long', { length, max: INPUT_LIMITS.text })
    const photos = await savePhotos(this.ctx, this.config, session)
    const notes = [...photos.problems]
    if (photos.saved.length) {
      // Kept at once: whatever the text of the message, the pictures are part of the draft.
      draft.photos = [...new Set([...draft.photos, ...photos.saved])]
      await this.store(draft)
      notes.push(session.text('pufa-reports.photo.received', [photos.saved.length, draft.photos.length]))
    }

    if (/^(取消|算了|不报了)$/.test(text)) {
      await this.discard(session)
      return session.text('pufa-reports.cancelled')
    }
    if (text === '重新开始') return this.startDialogue(session, draft.unitId)
    const resuming = draft.step === 'resume'
    if (resuming) {
      // 确认 right after the offer shows the draft first: it may be weeks old.
      if (text !== '继续' && text !== '确认') return [...notes, await this.offerResume(session, draft)].join('\n')
      draft.step = draft.resumeStep || 'confirm'
      draft.resumeStep = ''
    }
    if (text === '继续' || resuming) {
      // A paused duplicate question is asked again from the summary: 确认 checks for duplicates anew.
      if (draft.step === 'duplicate') draft.step = 'confirm'
      await this.store(draft)
      return this.question(session, draft)
    }
    if (draft.step === 'duplicate') {
      if (text === '确认') return this.save(session, draft, { unitName })
      await this.discard(session)
      return session.text('pufa-reports.duplicate.dropped')
    }
    if (draft.step === 'confirm') {
      if (text === '确认') return this.finish(session, draft, unitName)
      if (!text && photos.saved.length) return [...notes, await this.summary(session, draft, 'pufa-reports.confirm.updated', unitName)].join('\n')
      // Only pictures, all refused: say why, not that the message was not understood.
      if (!text && notes.length) return notes.join('\n')
      const correction = this.correction(text)
      if (!correction) return [...notes, await this.summary(session, draft, 'pufa-reports.confirm.not-understood', unitName)].join('\n')
      const result = readField(this.ctx, correction.field, correction.value, this.today())
      if ('problem' in result) return [...notes, problemText(session, result.problem)].join('\n')
      draft.fields = { ...draft.fields, [correction.field]: result.value }
      await this.store(draft)
      return [...notes, await this.summary(session, draft, 'pufa-reports.confirm.updated', unitName)].join('\n')
    }
    return [...notes, await this.step(session, draft, text, photos.saved.length > 0)].join('\n')
  }

  /** One dialogue answer: take it (or the suggestion), store, ask the next question. */
  private async step(session: Session, draft: ReportDraft, text: string, gotPhotos: boolean) {
    const step = draft.step as (typeof QUESTIONS)[number]
    const accept = /^(好|好的|是|对|默认|可以|行)$/.test(text)
    const skip = /^(跳过|没有|无|不填|好了|完成|就这些)$/.test(text)
    if (step === 'photos') {
      if (text) return this.advance(session, draft)
      // Pictures only (already kept by answer), or only refused ones: the photo question stays open.
      return gotPhotos ? session.text('pufa-reports.ask.more-photos') : this.question(session, draft)
    }
    const suggestion = this.suggestion(draft)
    let value: string | number | undefined
    if ((accept || (skip && REQUIRED.has(step))) && suggestion !== undefined) {
      value = suggestion
    } else if (skip && !REQUIRED.has(step)) {
      value = undefined
    } else if (!text) {
      return this.question(session, draft)
    } else {
      const result = readField(this.ctx, step, text, this.today())
      if ('problem' in result) return [problemText(session, result.problem), await this.question(session, draft)].join('\n')
      value = result.value
    }
    if (value === undefined && REQUIRED.has(step)) return this.question(session, draft)
    draft.fields = { ...draft.fields, [step]: value }
    return this.advance(session, draft)
  }

  private async advance(session: Session, draft: ReportDraft) {
    const index = QUESTIONS.indexOf(draft.step as (typeof QUESTIONS)[number])
    draft.step = QUESTIONS[index + 1] ?? 'confirm'
    await this.store(draft)
    return this.question(session, draft)
  }

  /** `地点 城关小学`, `人数：300` or `-l 城关小学`: which field and the new value. */
  private correction(text: string): { field: keyof ReportFields; value: string } | undefined {
    const match = /^(?:-(\w)|(标题|日期|时间|地点|人数|参与人数|资料|资料份数|份数|主题|形式|节点))\s*[:：]?\s*(.+)$/s.exec(text)
    if (!match) return
    const field = CORRECTIONS[match[1] ?? match[2]]
    return field && { field, value: match[3].trim() }
  }

  /** Final checks before saving: the whole report valid, and not a duplicate of a recent one. */
  async finish(session: Session, draft: ReportDraft, unitName = ''): Promise<string> {
    const problems = this.problems(draft.fields)
    if (problems.length) return problems.map(problem => problemText(session, problem)).join('\n')
    const duplicate = await this.recentDuplicate(draft.unitId, draft.fields)
    if (duplicate) return this.askDuplicate(session, draft, duplicate)
    return this.save(session, draft, { unitName })
  }

  problems(fields: ReportFields): Problem[] {
    const missing: Problem[] = (['title', 'date'] as const)
      .filter(field => !fields[field])
      .map(field => ({ field, code: 'missing' }))
    return [...missing, ...validateFields(fields, this.today())]
  }

  /** The unit's report of this date and title made within the duplicate window, if any. */
  async recentDuplicate(unitId: number, fields: ReportFields) {
    const since = Date.now() - this.config.duplicateWindow
    // A plain read of the two fields the question shows: the ORM would build and decode a whole row.
    const [report] = await plainRows<Pick<Report, 'id' | 'title'>>(this.ctx.database, 'SELECT `id`, `title` FROM `pufa_report` '
      + 'WHERE `unitId` = ? AND `date` = ? AND `title` = ? AND `status` = \'active\' AND `createdAt` >= ? LIMIT 1',
      [unitId, fields.date!, fields.title!, since])
    return report
  }

  /**
   * Writes the report and its audit entry, clears the draft, and returns the receipt.
   * `unitName`: the unit's name when the caller has it already (the sender's own unit).
   */
  async save(session: Session, draft: Pick<ReportDraft, 'unitId' | 'fields' | 'photos' | 'source'>, { keepDraft = false, unitName = '' } = {}) {
    const { fields } = draft
    const now = new Date()
    const key = draftKey(session)
    let report: Report
    try {
      report = await this.reports.audit('create', accountOf(session), null, async (db) => {
        const created = await db.create('pufa_report', {
          unitId: draft.unitId,
          title: fields.title!,
          date: fields.date!,
          place: fields.place ?? '',
          participants: fields.participants ?? 0,
          materials: fields.materials ?? 0,
          theme: fields.theme ?? '',
          form: fields.form ?? '',
          keyDate: fields.keyDate ?? keyDateFor(this.ctx, fields) ?? '',
          photos: [...new Set(draft.photos)],
          photosExpiredAt: null,
          status: 'active',
          source: draft.source,
          createdBy: accountOf(session),
          createdAt: now,
          updatedAt: now,
        }) as Report
        // Gone in the same commit as the report: no crash in between leaves it to be filed twice.
        // A second 确认 sent before the first was saved finds it gone and files nothing.
        if (!keepDraft) {
          await inTransaction(db, (sql) => {
            sql.run('DELETE FROM `pufa_report_draft` WHERE `platform` = ? AND `userId` = ? AND `channelId` = ?', [key.platform, key.userId, key.channelId])
            if (!sql.rows<{ deleted: number }>('SELECT changes() AS `deleted`')[0].deleted) throw new AlreadyFiled()
          })
        }
        return created
      })
    } catch (error) {
      if (!(error instanceof AlreadyFiled)) throw error
      this.active.delete(ReportFlow.id(key))
      return session.text('pufa-reports.draft.already-filed')
    }
    if (!keepDraft) this.active.delete(ReportFlow.id(key))
    return receipt(session, report, unitName || await this.reports.unitName(report.unitId))
  }
}

/** The draft was gone when its report was to be written: another 确认 filed it first. */
class AlreadyFiled extends Error {}

const CORRECTIONS: Record<string, keyof ReportFields> = {
  d: 'date', l: 'place', p: 'participants', m: 'materials', t: 'theme', k: 'form', n: 'keyDate',
  标题: 'title', 日期: 'date', 时间: 'date', 地点: 'place', 人数: 'participants', 参与人数: 'participants',
  资料: 'materials', 资料份数: 'materials', 份数: 'materials', 主题: 'theme', 形式: 'form', 节点: 'keyDate',
}
