import { Command } from 'koishi'
import { textLength } from '../../../src/reports/fields'
import { withoutImages } from './photos'

/**
 * The longest free text taken at all (a pasted paragraph, a dialogue answer) and the longest
 * argument or option value of any other kind (names, codes, field values).
 */
export const INPUT_LIMITS = { text: 2000, value: 200 } as const

/**
 * Refuses an argument or option value over its limit before the command reads it: parsing,
 * matching and suggesting the closest name all take longer the more was typed. Pictures
 * sent along do not count (their links are the platform's, not typed text).
 */
export function limitInput<C extends Command>(command: C, { text = INPUT_LIMITS.value as number } = {}): C {
  command.check(({ session, args, options }) => {
    const typed = (args ?? []).filter((arg): arg is string => typeof arg === 'string').map(withoutImages).join(' ')
    const length = textLength(typed)
    if (length > text) return session!.text('pufa-reports.input-too-long', { length, max: text })
    for (const [key, value] of Object.entries(options ?? {})) {
      if (typeof value !== 'string') continue
      const length = textLength(value)
      if (length <= INPUT_LIMITS.value) continue
      // The flag as typed: '-u' of '-u, --unit <unit>'.
      const option = command._options[key]?.syntax.split(/[,\s]/)[0] ?? key
      return session!.text('pufa-reports.option-too-long', { option, length, max: INPUT_LIMITS.value })
    }
  }, true)
  return command
}
