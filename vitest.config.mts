import { createRequire } from 'node:module'
import { parse } from 'yaml'
import { defineConfig } from 'vitest/config'

const require = createRequire(import.meta.url)

export default defineConfig({
  // Plugins keep their locales in .yml files, as Koishi plugins do; load them as data.
  plugins: [{
    name: 'yaml-data',
    transform(code: string, id: string) {
      if (id.endsWith('.yml')) return { code: `export default ${JSON.stringify(parse(code))}`, map: null }
    },
  }],
  resolve: {
    // koishi's ESM entry does not load under Node (see README), so tests use its CommonJS build.
    alias: {
      koishi: require.resolve('koishi'),
    },
  },
  test: {
    include: ['tests/**/*.spec.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
