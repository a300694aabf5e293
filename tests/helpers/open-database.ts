// Starts a bare app on a database file, as a second bot process would:
//   node -r esbuild-register -r yml-register open-database.ts <file> [--hold]
// Prints `started` once the database is up; then stops, or with --hold runs until stdin closes.
import { App } from 'koishi'
import * as sqlite from '../../plugins/database-sqlite/src'

const app = new App()
app.plugin(sqlite, { path: process.argv[2], exitOnConflict: true })
app.start().then(async () => {
  console.log('started')
  if (process.argv[3] !== '--hold') return app.stop()
  process.stdin.on('end', () => app.stop()).resume()
})
