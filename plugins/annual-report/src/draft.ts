import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Context, h } from 'koishi'
import { draftBuffer } from '../../../src/annual-report/document'
import { DraftText } from '../../../src/annual-report/figures'
import { LocalDate } from '../../../src/time/local-date'
import { Unit } from '../../reports/src/models'
import { gatherFigures } from './figures'

/** The draft's sentences from the locale file, as plain text. */
function draftText(ctx: Context): DraftText {
  return (key, params = {}) => h.unescape(ctx.i18n.render(['zh-CN'], [`pufa-annual-report.doc.${key}`], params).join(''))
}

/** A unit's 履职报告, or the county's 年度普法工作总结 without a unit, as .docx bytes. */
export async function buildDraft(ctx: Context, year: number, unit: Unit | undefined, today: LocalDate) {
  const figures = await gatherFigures(ctx, year, unit, today)
  return { figures, buffer: await draftBuffer(figures, draftText(ctx)) }
}

/** Saves a draft under `dir`, readable by the bot's account only. */
export function saveDraft(dir: string, name: string, buffer: Buffer) {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const file = resolve(join(dir, name))
  writeFileSync(file, buffer, { mode: 0o600 })
  // mode only applies to a new file; a file of the same name may already exist.
  chmodSync(file, 0o600)
  return file
}
