import { defineComponent, h, ref, resolveComponent, watch } from 'vue'
import { send, store, useI18n } from '@koishijs/client'
import type { Overview, OverviewReply } from '../src/overview'
import zhCN from './locales/zh-CN.yml'
import { formatCount } from './format'

async function overviewOf(period: string): Promise<Overview | undefined> {
  try {
    const reply: OverviewReply = await send('pufa-console/overview', period)
    return 'overview' in reply ? reply.overview : undefined
  } catch {
    // Not logged in, or below the page's authority: the home page simply has no card.
    return undefined
  }
}

/** The console's home page: the year at a glance and this month's silent units, for admins only. */
export default defineComponent({
  setup() {
    const { t } = useI18n({ messages: { 'zh-CN': zhCN } })
    const year = ref<Overview>()
    const month = ref<Overview>()
    // The home page stays mounted from before the login: ask again whenever the account changes.
    const account = () => (store as { user?: { id: number; authority: number } | null }).user
    watch(() => [account()?.id, account()?.authority], async () => {
      const [y, m] = await Promise.all([overviewOf('今年'), overviewOf('本月')])
      year.value = y
      month.value = m
    }, { immediate: true })

    return () => {
      if (!year.value || !month.value) return null
      const { totals, units, period } = year.value
      const silent = month.value.units.filter(unit => unit.silent).length
      const link = resolveComponent('k-activity-link')
      return h('section', { class: 'pufa-home-card' }, [
        h('h2', t('home.title', [period.label])),
        h('p', { 'data-line': 'year' }, t('home.year', {
          units: totals.units, active: units.length, count: formatCount(totals.count),
          participants: formatCount(totals.participants), materials: formatCount(totals.materials),
        })),
        h('p', { 'data-line': 'month' }, silent ? t('home.silent', [month.value.period.label, silent]) : t('home.all-reported', [month.value.period.label])),
        h(link, { id: 'pufa-ledger' }, () => t('home.open')),
      ])
    }
  },
})
