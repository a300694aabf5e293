import { Command, Context } from 'koishi'

/** A command's name as people type it: 「推送 预览」, not Koishi's 「推送.预览」. */
export function spokenName(command: Pick<Command, 'displayName'> | undefined) {
  return command?.displayName.replace(/\./g, ' ')
}

/**
 * `help 单位 添加` should show the help of 「单位 添加」: Koishi's help reads one word, so
 * the rest of the words are joined to it when together they name a subcommand.
 */
export function helpWithSpaces(ctx: Context) {
  const patch = (command: Command) => {
    if (command.name !== 'help') return
    command.before(({ args = [], session }) => {
      for (let count = args.length; count > 1; count--) {
        const name = args.slice(0, count).join('.')
        if (ctx.$commander.resolve(name, session)) {
          args.splice(0, count, name)
          return
        }
      }
    })
  }
  const existing = ctx.$commander.get('help')
  if (existing) patch(existing)
  ctx.on('command-added', patch)
}
