import { z } from 'zod'
import { DataFileError, readYamlList } from '../data-file'
import { Synonyms } from './search'

const entrySchema = z.strictObject({
  /** The everyday word people search for. */
  id: z.string().min(1).max(20),
  /** Words the statutes use for it. */
  means: z.array(z.string().min(1).max(30)).min(1),
})

/** Reads `statute-words.yml`; a bad entry stops loading with file, entry and field. */
export function loadSynonyms(file: string): Synonyms {
  const { entries, problems } = readYamlList(file, entrySchema)
  if (problems.length) throw new DataFileError(problems)
  return Object.fromEntries(entries.map(entry => [entry.id, entry.means]))
}
