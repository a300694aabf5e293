import { Context, Dict } from 'koishi'
import { Pacing } from './config'

/** Waits the platform's pause between two sends (random between its min and max), on the plugin's timers. */
export function pause(ctx: Context, pacing: Dict<Pacing>, platform: string): Promise<void> | undefined {
  const { min, max } = pacing[platform.split(':')[0]] ?? { min: 0, max: 0 }
  const delay = min + Math.random() * Math.max(0, max - min)
  if (delay <= 0) return
  return new Promise<void>(resolve => ctx.setTimeout(resolve, delay))
}
