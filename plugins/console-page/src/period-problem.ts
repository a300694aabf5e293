import { Context, h } from 'koishi'
import { PeriodProblem } from '../../../src/ledger/periods'

/** Why a typed period could not be read, worded as 台账 words it. */
export function problemText(ctx: Context, problem: PeriodProblem) {
  const { suggestion, ...params } = problem.params ?? {}
  const render = (path: string, args: object) => h.unescape(ctx.i18n.render(['zh-CN'], [path], args).join(''))
  return render(`pufa-ledger.period.${problem.code}`, {
    ...params,
    suggestion: render(suggestion ? 'pufa-ledger.period.suggestion' : 'pufa-ledger.period.no-suggestion', [suggestion]),
  })
}
