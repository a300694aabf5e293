import type { Client } from '@koishijs/console'
import {} from '@koishijs/plugin-auth'

/** Who did something from the console, as records name an account: `console:admin`. */
export function consoleIdentity(client: Client) {
  return `console:${client.auth?.name ?? client.auth?.id ?? ''}`
}
