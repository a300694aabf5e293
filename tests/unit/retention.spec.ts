import { describe, expect, it } from 'vitest'
import { expirePhotos, isDue, unreferencedFiles } from '../../src/retention/retention'

const at = (local: string) => new Date(local.replace(' ', 'T') + '+08:00')

describe('isDue', () => {
  const since = at('2026-12-04 10:00:00')
  it('is due exactly `days` days later, not a millisecond before', () => {
    expect(isDue(since, 730, at('2028-12-03 10:00:00'))).toBe(true)
    expect(isDue(since, 730, new Date(at('2028-12-03 10:00:00').getTime() - 1))).toBe(false)
    expect(isDue(since, 7, at('2026-12-11 10:00:00'))).toBe(true)
    expect(isDue(since, 7, at('2026-12-11 09:59:59'))).toBe(false)
  })

  it('never, when the period is 0 days', () => {
    expect(isDue(since, 0, at('2099-01-01 00:00:00'))).toBe(false)
  })
})

describe('expirePhotos', () => {
  const now = at('2028-12-04 03:30:00')
  const old = at('2026-12-01 10:00:00')
  const recent = at('2028-06-01 10:00:00')

  it('marks reports past keeping and removes the files only they hold', () => {
    expect(expirePhotos([
      { id: 1, createdAt: old, photos: ['a.png', 'b.jpg'] },
      { id: 2, createdAt: recent, photos: ['c.png'] },
      { id: 3, createdAt: old, photos: [] },
    ], [], 730, now)).toEqual({ reports: [1], files: ['a.png', 'b.jpg'], kept: new Set(['c.png']) })
  })

  it('keeps a file a recent report or a draft still holds', () => {
    expect(expirePhotos([
      { id: 1, createdAt: old, photos: ['shared.png', 'drafted.png', 'alone.png'] },
      { id: 2, createdAt: recent, photos: ['shared.png'] },
    ], [['drafted.png']], 730, now)).toEqual({ reports: [1], files: ['alone.png'], kept: new Set(['shared.png', 'drafted.png']) })
  })

  it('keeps everything when the period is 0 days', () => {
    expect(expirePhotos([{ id: 1, createdAt: old, photos: ['a.png'] }], [], 0, now)).toEqual({ reports: [], files: [], kept: new Set(['a.png']) })
  })
})

describe('unreferencedFiles', () => {
  it('names old files nothing refers to', () => {
    const now = at('2026-12-31 03:30:00')
    expect(unreferencedFiles([
      { name: 'orphan-old.png', modifiedAt: at('2026-12-01 03:30:00') },
      { name: 'orphan-new.png', modifiedAt: at('2026-12-01 03:30:01') },
      { name: 'kept.png', modifiedAt: at('2026-01-01 00:00:00') },
    ], new Set(['kept.png']), 30, now)).toEqual(['orphan-old.png'])
  })
})
