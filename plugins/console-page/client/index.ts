import { Context } from '@koishijs/client'
import zhCN from './locales/zh-CN.yml'
import Overview from './overview'

export default (ctx: Context) => {
  ctx.page({
    name: zhCN.page,
    path: '/pufa-ledger',
    icon: 'activity:default',
    order: 500,
    // Hides the menu entry; the data itself is refused by the server to anyone below 3.
    authority: 3,
    component: Overview,
  })
}
