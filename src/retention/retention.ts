/**
 * What the daily clean-up removes: report photos, drafts and exported workbooks past their
 * keeping period. A period of 0 days keeps things for ever. Pure: the caller reads the rows
 * and files, and does the deleting.
 */

const DAY_MS = 24 * 3600_000

/** True once `since` is `days` whole days before `now` (exactly then, not a moment before). */
export function isDue(since: Date, days: number, now: Date): boolean {
  return days > 0 && now.getTime() - since.getTime() >= days * DAY_MS
}

export interface PhotoHolder {
  id: number
  createdAt: Date
  photos: string[]
}

export interface PhotoExpiry {
  /** Reports whose photos are now past keeping: marked, the rows themselves stay. */
  reports: number[]
  /** Files no longer needed by any report or draft. */
  files: string[]
  /** Files still held by a report that keeps its photos, or by a draft. */
  kept: ReadonlySet<string>
}

/**
 * Photos are stored once per picture (named by their hash), so one file may belong to
 * several reports and drafts: a file goes only when every report that still keeps its
 * photos and every draft lets it go.
 *
 * `reports` are those whose photos are not yet marked expired; `drafts` are the photo lists
 * of the drafts that remain.
 */
export function expirePhotos(reports: Iterable<PhotoHolder>, drafts: Iterable<string[]>, days: number, now: Date): PhotoExpiry {
  const due: number[] = []
  const released = new Set<string>()
  const kept = new Set<string>()
  for (const report of reports) {
    if (!report.photos.length) continue
    const bucket = isDue(report.createdAt, days, now) ? released : kept
    if (bucket === released) due.push(report.id)
    for (const name of report.photos) bucket.add(name)
  }
  for (const photos of drafts) for (const name of photos) kept.add(name)
  return { reports: due, files: [...released].filter(name => !kept.has(name)), kept }
}

export interface StoredFile {
  name: string
  modifiedAt: Date
}

/**
 * Files that nothing refers to, older than `days`: pictures saved for a report that was then
 * refused or abandoned. Recent ones are left alone, a report may be about to refer to them.
 */
export function unreferencedFiles(files: Iterable<StoredFile>, referenced: ReadonlySet<string>, days: number, now: Date): string[] {
  return [...files].filter(file => !referenced.has(file.name) && isDue(file.modifiedAt, days, now)).map(file => file.name)
}
