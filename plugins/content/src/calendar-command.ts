import { Context } from 'koishi'
import { addDays, daysInMonth, diffDays, formatDate } from '../../../src/time/local-date'

/** `12`, `12月`, `2026-12`, `2026年12月` → [year, month]; a bare month means its next occurrence. */
export function parseMonth(text: string, today: string): [number, number] | undefined {
  const match = /^(?:(\d{4})\s*[-年/.]\s*)?(\d{1,2})\s*月?$/.exec(text.trim())
  if (!match) return
  const month = Number(match[2])
  if (month < 1 || month > 12) return
  const [thisYear, thisMonth] = today.split('-').map(Number)
  const year = match[1] ? Number(match[1]) : month < thisMonth ? thisYear + 1 : thisYear
  return [year, month]
}

const UPCOMING_DAYS = 60

export const name = 'calendar-command'
export const inject = ['pufaContent']

export function apply(ctx: Context) {
  ctx.command('普法日历 [month:string]')
    .alias('pufa-calendar')
    .action(({ session }, month) => {
      const content = ctx.pufaContent
      const today = content.today()
      let from = today, until = addDays(today, UPCOMING_DAYS)
      let header = session!.text('.header-upcoming', { today })
      if (month) {
        const parsed = parseMonth(month, today)
        if (!parsed) return session!.text('.bad-month', [month])
        const [year, m] = parsed
        from = formatDate(year, m, 1)
        until = formatDate(year, m, daysInMonth(year, m))
        header = session!.text('.header-month', { month: `${year}年${m}月` })
      }
      const occurrences = content.calendar.between(from, until)
      if (!occurrences.length) return session!.text('.none')
      const lines = occurrences.map((o) => {
        const left = o.start > today ? session!.text('.left-future', [diffDays(today, o.start)])
          : o.start === today ? session!.text('.left-today')
            : o.end >= today ? session!.text('.left-ongoing') : session!.text('.left-past')
        return session!.text('.line', {
          when: content.describeWindow(o, session!.locales),
          name: o.entry.name,
          left,
          estimated: o.estimated ? session!.text('.estimated') : '',
        })
      })
      return [header, ...lines].join('\n')
    })
}
