import { Context, Session } from 'koishi'
import { Config } from './config'
import { ReportFlow } from './flow'
import zhCN from './locales/zh-CN.yml'
import { defineModels } from './models'
import { registerInvites } from './invites'
import { keepQuotes } from './quotes'
import { registerReports } from './report-commands'
import { registerRetention } from './retention'
import { PufaReports } from './service'
import { registerUnits } from './units'

export { Config }
export const name = 'pufa-reports'
export const inject = ['database', 'http', 'pufaRoles', 'pufaContent']

export function apply(ctx: Context, config: Config) {
  ctx.i18n.define('zh-CN', zhCN)
  defineModels(ctx)
  ctx.plugin(PufaReports, config)
  registerRetention(ctx, config)
  ctx.inject(['pufaReports'], (ctx) => {
    const flow = new ReportFlow(ctx, config)
    registerUnits(ctx)
    registerInvites(ctx, config)
    registerReports(ctx, config, flow)
    keepQuotes(ctx)

    // Answers to a dialogue or a confirmation come as plain messages; commands pass through.
    ctx.middleware(async (session, next) => {
      if (!flow.hasDraft(session)) return next()
      const [first] = (session.stripped.content ?? '').trim().split(/\s+/, 1)
      if (first && ctx.$commander.get(first.replace(/^\//, ''))) return next()
      // In a group only what is addressed to the bot answers it (the questions say so):
      // an officer's 收到 to a colleague is chat, not the activity's place.
      if (!flow.addressed(session)) return next()
      const draft = await flow.draft(session)
      if (!draft || flow.isPaused(draft)) return next()
      // The role is checked again at every answer: it may have changed since the draft began.
      await session.observeUser(['id', 'authority'])
      return flow.answer(session as Session<'id' | 'authority'>, draft)
    }, true)
    ctx.on('ready', () => flow.load())
  })
}
