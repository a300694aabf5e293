/**
 * Builds the page's browser code (client/) into dist/, as the console serves it in
 * production: one ES module whose imports of vue and @koishijs/client the console rewrites
 * to its own copies, plus a stylesheet. `npm start` runs this before Koishi starts, so a
 * fresh clone needs no separate build step and dist/ is never committed.
 */
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { build, Plugin } from 'esbuild'
import { parse } from 'yaml'

const ROOT = resolve(__dirname, '..')

/** Provided by the console at run time (see NodeConsole.transformImport). */
const EXTERNAL = ['vue', 'vue-router', '@vueuse/core', '@koishijs/client']

/** The client's locale files, as data. */
const yaml: Plugin = {
  name: 'yaml',
  setup(builder) {
    builder.onLoad({ filter: /\.yml$/ }, async ({ path }) => ({
      contents: JSON.stringify(parse(await readFile(path, 'utf8'))),
      loader: 'json',
    }))
  },
}

export async function buildClient(outdir = resolve(ROOT, 'dist')) {
  await build({
    absWorkingDir: ROOT,
    entryPoints: { index: 'client/index.ts', style: 'client/style.css' },
    outdir,
    bundle: true,
    format: 'esm',
    target: 'es2020',
    // Not the whitespace: the console rewrites the imports of vue and @koishijs/client only where an
    // import statement starts a line or follows a `;`, and minified code puts some after a `}`.
    minifyIdentifiers: true,
    minifySyntax: true,
    legalComments: 'eof',
    external: EXTERNAL,
    plugins: [yaml],
    logLevel: 'warning',
  })
  return outdir
}

if (require.main === module) {
  buildClient().catch((error) => {
    console.error(error)
    process.exit(1)
  })
}
