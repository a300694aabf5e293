/** Figures exactly, with thousands grouped, as the 台账 replies show them. */
export const formatCount = (value: number) => value.toLocaleString('zh-CN')

/** An instant as Beijing time, whatever the browser's zone: 2026-07-01 10:00. */
export function formatTime(ms: number) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(ms))
  const part = (type: string) => parts.find(p => p.type === type)?.value
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`
}
