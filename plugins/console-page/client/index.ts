import { Context } from '@koishijs/client'
import { AUTHORITY } from '../src/authority'
import zhCN from './locales/zh-CN.yml'
import App from './app'
import HomeCard from './home-card'

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
  // Beside Koishi's welcome on the home page; it draws nothing for an account below the authority.
  ctx.slot({ type: 'home', component: HomeCard, order: 900 })
}
