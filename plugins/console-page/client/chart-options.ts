import type { GroupRow, MonthRow } from '../src/overview'

export interface SeriesLabels {
  count: string
  participants: string
}

/** 场次 as bars and 参与人次 as a line on its own axis, one point per month. */
export function monthOption(months: MonthRow[], labels: SeriesLabels) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [labels.count, labels.participants] },
    grid: { left: 48, right: 56, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: months.map(m => m.month) },
    yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', minInterval: 1 }],
    series: [
      { name: labels.count, type: 'bar', data: months.map(m => m.count), barMaxWidth: 36 },
      { name: labels.participants, type: 'line', yAxisIndex: 1, data: months.map(m => m.participants) },
    ],
  }
}

/** One bar per theme or key date, most activities on top; 参与人次 beside it on its own axis. */
export function groupOption(rows: GroupRow[], labels: SeriesLabels) {
  // ECharts draws a category axis from the bottom up.
  const ordered = [...rows].reverse()
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: [labels.count, labels.participants] },
    grid: { left: 8, right: 24, top: 40, bottom: 24, containLabel: true },
    yAxis: { type: 'category', data: ordered.map(r => r.name) },
    xAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', minInterval: 1, position: 'top', show: false }],
    series: [
      { name: labels.count, type: 'bar', data: ordered.map(r => r.count), barMaxWidth: 18 },
      { name: labels.participants, type: 'bar', xAxisIndex: 1, data: ordered.map(r => r.participants), barMaxWidth: 18 },
    ],
  }
}

/** Enough height for every bar of a group chart to keep its label. */
export const groupHeight = (rows: GroupRow[]) => Math.max(160, 64 + rows.length * 40)
