import fc from 'fast-check'

/**
 * How the property specs draw their inputs. `npm test` replays one fixed seed, so every run
 * checks the same inputs and gets the same result. `npm run fuzz` (PUFA_FUZZ=1) explores:
 * fresh inputs, ten times as many runs, and the seed printed first; fast-check names the seed
 * and path of a failure, and PUFA_FUZZ_SEED=<seed> replays that run.
 */
export const FUZZING = process.env.PUFA_FUZZ === '1'

const FIXED_SEED = 20261122
const FUZZ_FACTOR = 10

let seed: number | undefined

/** One seed for the whole run, so that one number replays it. */
function fuzzSeed() {
  if (seed === undefined) {
    const given = process.env.PUFA_FUZZ_SEED
    seed = given ? Number(given) : (Date.now() ^ (Math.random() * 0x100000000)) | 0
    console.info(`fuzz seed ${seed} (replay: PUFA_FUZZ_SEED=${seed} npm run fuzz)`)
  }
  return seed
}

/** Parameters for fc.assert: `numRuns` runs of the fixed seed, or a fuzzing run. */
export function runs<T>(numRuns: number): fc.Parameters<T> {
  return FUZZING ? { numRuns: numRuns * FUZZ_FACTOR, seed: fuzzSeed() } : { numRuns, seed: FIXED_SEED }
}

/** A test's time limit, as long again for each extra run of a fuzzing run. */
export function timeout(ms: number) {
  return FUZZING ? ms * FUZZ_FACTOR : ms
}
