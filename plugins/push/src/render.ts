import { Context } from 'koishi'
import { KeyDateItem, Tip } from '../../../src/content/schema'
import { ReminderLine } from '../../../src/delivery/plan'
import { Occurrence } from '../../../src/calendar/calendar'
import { itemParagraphs } from '../../../src/content/item-text'

/**
 * Push messages, built from locale strings. Results are Koishi message strings (content
 * escaped), so they are joined as strings and never fed back into a template, which
 * would escape them twice. Pushes go to groups whose language Koishi does not know,
 * so they use the default locale chain.
 */
export class Renderer {
  constructor(private ctx: Context, private locales: string[] = ['zh-CN']) {}

  private text(path: string, params: object | unknown[] = {}) {
    return this.ctx.i18n.render(this.locales, [`pufa-push.message.${path}`], params).join('')
  }

  tip(tip: Tip): string {
    const lines = [this.text('tip', { title: tip.title, body: tip.body.trim(), law: tip.law, article: tip.article })]
    if (tip.quote) lines.push(this.text('quote', [tip.quote.trim()]))
    return lines.join('\n')
  }

  keyDate(item: KeyDateItem, occurrence: Occurrence): string {
    const name = occurrence.entry.name
    const body = itemParagraphs(item, occurrence, this.text('key-date-estimated', { name })).join('\n')
    const lines = [this.text('key-date', { name, title: item.title, body })]
    if (item.law && item.article) lines.push(this.text('citation', { law: item.law, article: item.article }))
    return lines.join('\n')
  }

  reminder(lines: ReminderLine[]): string {
    const content = this.ctx.pufaContent
    return [
      this.text('reminder-header'),
      ...lines.map(({ occurrence, daysLeft }) => this.text('reminder-line', {
        when: content.describeWindow(occurrence, this.locales),
        name: occurrence.entry.name,
        days: daysLeft,
        estimated: occurrence.estimated ? this.text('reminder-estimated') : '',
      })),
      this.text('reminder-footer'),
    ].join('\n')
  }
}
