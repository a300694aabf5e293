import { performance } from 'node:perf_hooks'

/** One thing a benchmark times: `calls` runs per round, each run's time kept in `times`. */
export interface Case {
  label: string
  calls: number
  run: () => unknown
  times: number[]
}

export const median = (times: number[]) => [...times].sort((x, y) => x - y)[times.length >> 1]

/**
 * One round: every case in turn, so background load on a shared machine falls on all of
 * them alike. Warm-up rounds run the same work without recording it.
 */
export async function runRound(cases: Case[], record: boolean) {
  for (const c of cases) {
    for (let i = 0; i < c.calls; i++) {
      const begin = performance.now()
      await c.run()
      if (record) c.times.push(performance.now() - begin)
    }
  }
}
