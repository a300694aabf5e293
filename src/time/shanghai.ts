import { formatDate, LocalDate } from './local-date'

/**
 * Product time is Asia/Shanghai. China has kept UTC+8 without daylight saving since 1991,
 * so a fixed offset is exact for every date this product deals with and needs no tz data.
 */
const OFFSET_MS = 8 * 3600_000

export const TIME_ZONE = 'Asia/Shanghai'

/** The Shanghai calendar date of an instant. */
export function shanghaiDate(instant: Date): LocalDate {
  const d = new Date(instant.getTime() + OFFSET_MS)
  return formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())
}

/** Minutes since Shanghai midnight of an instant. */
export function shanghaiMinutes(instant: Date): number {
  const d = new Date(instant.getTime() + OFFSET_MS)
  return d.getUTCHours() * 60 + d.getUTCMinutes()
}

/** The instant of a Shanghai wall-clock time on a date. */
export function shanghaiInstant(date: LocalDate, minutes: number): Date {
  const [year, month, day] = date.split('-').map(Number)
  return new Date(Date.UTC(year, month - 1, day) + minutes * 60_000 - OFFSET_MS)
}

/** Parses `HH:mm` (also `H:mm` and full-width colon) into minutes after midnight. */
export function parseTimeOfDay(text: string): number | undefined {
  const match = /^(\d{1,2})[:：](\d{2})$/.exec(text.trim())
  if (!match) return
  const hours = Number(match[1]), minutes = Number(match[2])
  if (hours > 23 || minutes > 59) return
  return hours * 60 + minutes
}

export function formatTimeOfDay(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

export function formatShanghai(instant: Date): string {
  return `${shanghaiDate(instant)} ${formatTimeOfDay(shanghaiMinutes(instant))}`
}
