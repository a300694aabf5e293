// Starts a bare app on a database file, as a second bot process would: `node -r esbuild-register -r yml-register open-database.ts <file>`.
import { App } from 'koishi'
import * as sqlite from '../../plugins/database-sqlite/src'

const app = new App()
app.plugin(sqlite, { path: process.argv[2], exitOnConflict: true })
app.start().then(() => {
  console.log('started')
  return app.stop()
})
