import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector'
import { relative } from 'node:path'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
  children?: number[]
}

interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => error ? reject(error) : resolve(result as T)))
}

/**
 * CPU-profiles `runs` calls of `run` in this process (the V8 sampling profiler through the
 * inspector, 100 µs interval), writes the profile to `file` (open it in Chrome DevTools),
 * and returns the time per call in ms by where it was spent: self time per function, and
 * total time under the functions whose name or file matches each of `groups`.
 */
export async function profile(run: () => Promise<unknown>, runs: number, file: string, groups: Record<string, RegExp>) {
  const session = new Session()
  session.connect()
  try {
    await post(session, 'Profiler.enable')
    await post(session, 'Profiler.setSamplingInterval', { interval: 100 })
    await post(session, 'Profiler.start')
    for (let i = 0; i < runs; i++) await run()
    const { profile } = await post<{ profile: Profile }>(session, 'Profiler.stop')
    writeFileSync(file, JSON.stringify(profile))
    return summarize(profile, runs, groups)
  } finally {
    session.disconnect()
  }
}

function label(node: ProfileNode) {
  const { functionName, url, lineNumber } = node.callFrame
  const where = url ? `${relative(process.cwd(), url.replace(/^file:\/\//, ''))}:${lineNumber + 1}` : ''
  return `${functionName || '(anonymous)'} ${where}`.trim()
}

/** The package (node_modules/<name>), project folder (plugins/<name>, src) or V8 bucket a frame belongs to. */
function packageOf(node: ProfileNode) {
  const { url, functionName } = node.callFrame
  if (!url) return functionName.startsWith('(') ? functionName : '(native)'
  const path = url.replace(/^file:\/\//, '')
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)
  if (inModules) return inModules[1]
  const local = relative(process.cwd(), path).split('/')
  if (local[0] === 'plugins') return `plugins/${local[1]}`
  return local[0].startsWith('..') || path.startsWith('node:') ? 'node' : local[0]
}

function summarize(profile: Profile, runs: number, groups: Record<string, RegExp>) {
  const byId = new Map(profile.nodes.map(node => [node.id, node]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const self = new Map<number, number>()
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
  const total = (profile.endTime - profile.startTime) / 1000
  const selfByFunction = new Map<string, number>()
  const selfByPackage = new Map<string, number>()
  const inGroup = Object.fromEntries(Object.keys(groups).map(key => [key, 0]))
  for (const [id, micros] of self) {
    const node = byId.get(id)!
    const name = label(node)
    selfByFunction.set(name, (selfByFunction.get(name) ?? 0) + micros / 1000)
    const where = packageOf(node)
    selfByPackage.set(where, (selfByPackage.get(where) ?? 0) + micros / 1000)
    // A sample counts once for each group with a matching frame on its stack.
    const hit = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = label(byId.get(at)!)
      for (const [key, pattern] of Object.entries(groups)) if (pattern.test(frame)) hit.add(key)
    }
    for (const key of hit) inGroup[key] += micros / 1000
  }
  const perRun = (value: number) => +(value / runs).toFixed(3)
  return {
    msPerRun: perRun(total),
    groups: Object.fromEntries(Object.entries(inGroup).map(([key, value]) => [key, perRun(value)])),
    byPackage: [...selfByPackage].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([name, value]) => ({ where: name, 'self ms / run': perRun(value) })),
    topSelf: [...selfByFunction].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([name, value]) => ({ function: name, 'self ms / run': perRun(value) })),
  }
}
