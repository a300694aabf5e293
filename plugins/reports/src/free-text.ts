import { Command } from 'koishi'

/**
 * koishi 4.18 looks options up in plain objects, so a word that happens to be an
 * Object.prototype key (`constructor`, `valueOf`, `__proto__`) in free text is taken for
 * an option and the command fails or drops words. Commands that take free text get
 * lookup tables without a prototype.
 */
export function acceptAnyWord<C extends Command>(command: C): C {
  const internals = command as unknown as { _namedOptions: object; _symbolicOptions: object }
  Object.setPrototypeOf(internals._namedOptions, null)
  Object.setPrototypeOf(internals._symbolicOptions, null)
  return command
}
