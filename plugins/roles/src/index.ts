import { Argv, Command, Context, Schema, Service, Session } from 'koishi'
import zhCN from './locales/zh-CN.yml'

declare module 'koishi' {
  interface Context {
    pufaRoles: PufaRoles
  }
}

export interface Config {
  admins: string[]
  authority: number
}

export const Config: Schema<Config> = Schema.object({
  admins: Schema.array(String).role('table').default([])
    .description('管理员账号，写成“平台:用户ID”，如 onebot:123456。沙盒平台写 sandbox:Alice 即对所有沙盒生效。'),
  authority: Schema.natural().default(3).description('Koishi 权限等级达到此值的用户也是管理员。'),
})

/** Account key as written in the config: `platform:userId`. */
export function accountOf(session: Pick<Session, 'platform' | 'userId'>) {
  return `${session.platform}:${session.userId}`
}

/**
 * Role checks shared by every 普法 feature. Admin = listed in `admins` or Koishi authority
 * at least `authority`; a role check that fails replies with what to do, never silently.
 */
export class PufaRoles extends Service {
  static Config = Config

  constructor(ctx: Context, private options: Config) {
    super(ctx, 'pufaRoles')
    ctx.i18n.define('zh-CN', zhCN)
  }

  isAdmin(session: Session): boolean {
    const account = accountOf(session)
    const listed = this.options.admins.some((entry) => {
      const split = entry.lastIndexOf(':')
      const platform = entry.slice(0, split), userId = entry.slice(split + 1)
      // Sandbox platforms are `sandbox:<random>`: `sandbox:Alice` covers them all.
      return entry === account || (userId === session.userId && session.platform.startsWith(platform + ':'))
    })
    const authority = (session.user as { authority?: number } | undefined)?.authority ?? 0
    return listed || authority >= this.options.authority
  }

  /**
   * Restricts a command to admins, and to groups when `inGroup` is set: loads the
   * sender's authority and adds the checks, which reply with what to do.
   */
  adminCommand<C extends Command>(command: C, { inGroup = false } = {}): C {
    command.userFields(['authority'])
    if (inGroup) command.check(this.groupOnly)
    command.check(this.adminOnly)
    return command
  }

  /** A command as people type it: 「订阅 状态」, not its internal name 订阅.状态. */
  private typed(command: Command | undefined) {
    return command?.displayName.replace(/\./g, ' ')
  }

  /** A command check: admins only. */
  adminOnly = ({ session, command }: Argv) => {
    if (!session || this.isAdmin(session)) return
    return session.text('pufa-roles.admin-only', { command: this.typed(command), account: accountOf(session) })
  }

  /** A command check: only inside a group. */
  groupOnly = ({ session, command }: Argv) => {
    if (!session || !session.isDirect) return
    return session.text('pufa-roles.group-only', { command: this.typed(command) })
  }
}

export const name = 'pufa-roles'
export default PufaRoles
