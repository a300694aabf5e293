import { Component, defineComponent, h, ref, resolveComponent } from 'vue'
import { useI18n } from '@koishijs/client'
import zhCN from './locales/zh-CN.yml'
import Overview from './overview'
import Units from './units'
import Downloads from './downloads'
import Missing from './missing'
import Pushes from './pushes'

/** The page's tabs, in the order the menu shows them. */
const TABS: [string, Component][] = [
  ['overview', Overview],
  ['units', Units],
  ['missing', Missing],
  ['pushes', Pushes],
  ['downloads', Downloads],
]

export default defineComponent({
  setup() {
    const { t } = useI18n({ messages: { 'zh-CN': zhCN } })
    const current = ref(TABS[0][0])
    return () => h(resolveComponent('k-layout'), null, {
      default: () => h('div', { class: 'pufa-page' }, [
        h('nav', { class: 'pufa-tabs', role: 'tablist' }, TABS.map(([key]) => h('button', {
          role: 'tab',
          'aria-selected': current.value === key,
          class: ['pufa-tab', { active: current.value === key }],
          onClick: () => current.value = key,
        }, t(`tabs.${key}`)))),
        h(TABS.find(([key]) => key === current.value)![1], { key: current.value }),
      ]),
    })
  },
})
