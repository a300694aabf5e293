import { relative, resolve } from 'node:path'
import { Context } from 'koishi'
import { formatShanghai, shanghaiDate } from '../../../src/time/shanghai'
import { readWords } from '../../duties/src/commands'
import { acceptAnyWord } from '../../reports/src/free-text'
import { Unit } from '../../reports/src/models'
import { unknownUnit } from '../../reports/src/render'
import { UnknownUnit } from '../../reports/src/service'
import { buildDraft, saveDraft } from './draft'
import { Config } from './index'

export function registerCommands(ctx: Context, config: Config) {
  acceptAnyWord(ctx.command('履职报告 [...words:string]'))
    .alias('pufa-annual-report')
    .userFields(['id', 'authority'])
    .action(async ({ session }, ...words) => {
      const s = session!
      const role = await ctx.pufaReports.role(s)
      if (role.kind === 'member') return s.text('pufa-annual-report.not-allowed')
      const asked = readWords(words)
      const now = new Date()
      const today = shanghaiDate(now)
      const thisYear = Number(today.slice(0, 4))
      const year = asked.year ?? thisYear
      if (year > thisYear) return s.text('pufa-annual-report.future-year', [year, thisYear])
      let unit: Unit | undefined = role.kind === 'officer' ? role.unit : undefined
      if (asked.unit) {
        const found = await ctx.pufaReports.findUnit(asked.unit)
        if (found instanceof UnknownUnit) return unknownUnit(s, found)
        if (role.kind === 'officer' && found.id !== role.unit.id) return s.text('pufa-annual-report.own-unit', [role.unit.name])
        unit = found
      }
      const { figures, buffer } = await buildDraft(ctx, year, unit, today)
      const what = unit ? s.text('.what-unit', [unit.name]) : s.text('.what-county')
      const stamp = formatShanghai(now).replace(/[-: ]/g, '')
      // A unit name is free text; keep it from reaching outside the folder.
      const name = `${what}-${year}-${stamp}.docx`.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')
      const file = saveDraft(resolve(ctx.baseDir, config.dir), name, buffer)
      const [, month, day] = figures.asOf.split('-').map(Number)
      const reply = s.text('.saved', { what, year, asOf: s.text('pufa-annual-report.doc.date', { year, month, day }), path: relative(ctx.baseDir, file) })
      return [reply, s.text(`.${await ctx.pufaLedger.sendFile(s, file)}`)].join('\n')
    })
}
