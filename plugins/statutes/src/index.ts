import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { Context, Dict, h, Schema, Session } from 'koishi'
import { StatuteLibrary, Statute } from '../../../src/statutes/library'
import { readLookUp } from '../../../src/statutes/query'
import { searchArticles, Synonyms } from '../../../src/statutes/search'
import { loadSynonyms } from '../../../src/statutes/synonyms'
import { splitText } from '../../../src/text/split'
import zhCN from './locales/zh-CN.yml'

export const name = 'pufa-statutes'
export const inject = ['pufaContent']

export interface Config {
  dir: string
  words: string
  maxLength: number
  platformMaxLength: Dict<number>
  maxQuery: number
}

export const Config: Schema<Config> = Schema.object({
  dir: Schema.string().default('data/laws').description('官方法律文本目录（每部法律一个 Markdown 文件，见 README「查法条」）。'),
  words: Schema.string().default('config/statute-words.yml').description('搜索用的同义词表。'),
  maxLength: Schema.natural().min(200).default(1500).description('一条消息最多多少字，超过的条文分几条发送。'),
  platformMaxLength: Schema.dict(Schema.natural().min(200)).default({}).description('各平台单条消息的字数上限，覆盖 maxLength。'),
  maxQuery: Schema.natural().min(10).default(60).description('查询文字的长度上限。'),
})

/** `2021-01-01` → 2021年1月1日, through the locale. */
function dateText(session: Session, iso: string | undefined) {
  if (!iso) return ''
  const [y, m, d] = iso.split('-').map(Number)
  return session.text('pufa-statutes.date', [y, m, d])
}

export function apply(ctx: Context, config: Config) {
  ctx.i18n.define('zh-CN', zhCN)
  const dir = resolve(ctx.baseDir, config.dir)
  const laws = [...ctx.pufaContent.library.laws.values()]
  const library = new StatuteLibrary(existsSync(dir) ? dir : undefined, laws)
  const synonyms: Synonyms = loadSynonyms(resolve(ctx.baseDir, config.words))
  if (!library.configured) ctx.logger('pufa-statutes').info('statute folder %s not found: 「法条」 will explain how to set it up', config.dir)

  const limitFor = (session: Session) => config.platformMaxLength[session.platform.split(':')[0]] ?? config.maxLength

  /** The law's edition and status, e.g. 版本：2025年6月27日修订，2026年1月1日起施行. */
  function edition(session: Session, statute: Statute) {
    const lines = [session.text('pufa-statutes.edition', { version: dateText(session, statute.version), effective: dateText(session, statute.effective) })]
    if (statute.repealed) {
      lines.push(session.text(statute.replacedBy ? 'pufa-statutes.repealed-by' : 'pufa-statutes.repealed', {
        date: dateText(session, statute.repealed),
        by: statute.replacedBy,
      }))
    }
    return lines.join('\n')
  }

  /** Sends all parts but the last and returns the last, so the command's reply ends the thread. */
  async function sendParts(session: Session, text: string) {
    const parts = splitText(text, limitFor(session))
    for (const part of parts.slice(0, -1)) await session.send(h.escape(part))
    return h.escape(parts[parts.length - 1])
  }

  const tooLong = (session: Session, text: string) => text.length > config.maxQuery
    ? session.text('pufa-statutes.too-long', [config.maxQuery])
    : undefined

  ctx.command('法条 <query:text>').alias('statute')
    .action(async ({ session }, query) => {
      // `法条 搜索 …`: the parent takes free text, so its subcommands are dispatched by hand.
      const sub = /^(搜索|列表)(?=\s|$)/.exec(query?.trim() ?? '')
      if (sub) return session!.execute(`法条.${query!.trim()}`)
      if (!library.configured) return session!.text('pufa-statutes.not-configured', [config.dir])
      if (!query?.trim()) return session!.text('.usage-hint')
      const long = tooLong(session!, query)
      if (long) return long
      const found = readLookUp(library, query)
      switch (found.kind) {
        case 'unknown-law': {
          if (!found.candidates.length) return session!.text('.unknown-law', [found.name])
          return session!.text('.did-you-mean', [found.name, found.candidates.map(s => s.short).join('、')])
        }
        case 'bad-article':
          return session!.text('.bad-article', [found.text, found.statute.short])
        case 'law': {
          const count = library.articlesOf(found.statute).size
          return [session!.text('.law', { title: found.statute.title, count, short: found.statute.short }), edition(session!, found.statute)].join('\n')
        }
        case 'article': {
          const { statute, article } = found
          if (!statute.file) return [session!.text('.no-text', [statute.title]), edition(session!, statute)].join('\n')
          const text = library.article(statute, article)
          if (text === undefined) {
            return session!.text('.no-article', { title: statute.title, article, count: library.articlesOf(statute).size })
          }
          const heading = session!.text('.heading', { title: statute.title, article })
          return sendParts(session!, [heading, text, edition(session!, statute)].join('\n'))
        }
      }
    })

  ctx.command('法条.搜索 <words:text>').alias('statute.search')
    .action(({ session }, words) => {
      if (!library.configured) return session!.text('pufa-statutes.not-configured', [config.dir])
      if (!words?.trim()) return session!.text('.usage-hint')
      const long = tooLong(session!, words)
      if (long) return long
      const hits = searchArticles(library, words.trim(), synonyms)
      if (!hits.length) return session!.text('.none', [words.trim()])
      const lines = [session!.text('.header', [words.trim(), hits.length])]
      hits.forEach((hit, index) => lines.push(session!.text('.line', {
        index: index + 1,
        law: hit.statute.short,
        article: hit.article,
        snippet: hit.snippet,
        repealed: hit.statute.repealed ? session!.text('.repealed-mark') : '',
      })))
      const first = hits[0]
      lines.push(session!.text('.footer', [first.statute.short, first.article]))
      return lines.join('\n')
    })

  ctx.command('法条.列表').alias('statute.list')
    .action(({ session }) => {
      if (!library.configured) return session!.text('pufa-statutes.not-configured', [config.dir])
      const available = library.statutes.filter(s => s.file)
      const names = available.map(s => s.repealed ? session!.text('.repealed', [s.short]) : s.short)
      return session!.text('.list', [available.length, names.join('、')])
    })
}
