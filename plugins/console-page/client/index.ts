import { Context } from '@koishijs/client'
import { AUTHORITY } from '../src/authority'
import zhCN from './locales/zh-CN.yml'
import App from './app'

export default (ctx: Context) => {
  ctx.page({
    name: zhCN.page,
    path: '/pufa-ledger',
    icon: 'activity:default',
    order: 500,
    // Hides the menu entry; the server refuses the data itself to anyone below it.
    authority: AUTHORITY,
    component: App,
  })
}
