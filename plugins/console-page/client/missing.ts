import { defineComponent, h, ref } from 'vue'
import { send, useI18n } from '@koishijs/client'
import type { ChaseReply, Missing, MissingReply } from '../src/missing'
import zhCN from './locales/zh-CN.yml'
import PeriodPicker from './period-picker'

/** 未报送 for a period (and a key date), with the 催报 button. */
export default defineComponent({
  setup() {
    const { t } = useI18n({ messages: { 'zh-CN': zhCN } })
    const period = ref('本月')
    const keyDate = ref('')
    const data = ref<Missing>()
    const problem = ref('')
    const chasing = ref(false)
    const result = ref<string[]>([])

    async function load() {
      const reply: MissingReply = await send('pufa-console/missing', period.value, keyDate.value)
      if ('problem' in reply) return problem.value = reply.problem
      problem.value = ''
      data.value = reply.missing
    }
    load()

    async function chase() {
      // One request at a time from this page; the server sends each officer at most once a day anyway.
      if (chasing.value) return
      chasing.value = true
      try {
        const reply: ChaseReply = await send('pufa-console/chase', period.value, keyDate.value)
        if ('problem' in reply) return problem.value = reply.problem
        const { report } = reply
        const named = (results: string[]) => report.officers.filter(o => results.includes(o.result)).map(o => `${o.unit}（${o.officer}）`).join('、')
        const lines = [t('missing.chased', [report.officers.filter(o => o.result === 'sent').length])]
        const already = named(['done']), busy = named(['busy']), failed = named(['failed', 'later', 'no-bot']), unknown = named(['unknown'])
        if (already) lines.push(t('missing.already', [already]))
        if (busy) lines.push(t('missing.busy', [busy]))
        if (failed) lines.push(t('missing.failed', [failed]))
        if (unknown) lines.push(t('missing.unknown', [unknown]))
        if (report.unreachable.length) lines.push(t('missing.unreachable', [report.unreachable.join('、')]))
        result.value = lines
      } finally {
        chasing.value = false
      }
    }

    const list = (missing: Missing) => h('section', { class: 'pufa-section' }, [
      h('h2', missing.units.length ? t('missing.header', { period: missing.period, count: missing.units.length, total: missing.total }) : t('missing.all-reported', { period: missing.period, total: missing.total })),
      missing.units.length ? h('div', { class: 'pufa-actions' }, h('button', { class: 'pufa-period pufa-chase', disabled: chasing.value, onClick: chase }, chasing.value ? t('missing.chasing') : t('missing.chase'))) : null,
      h('p', { class: 'pufa-hint' }, t('missing.hint')),
      result.value.length ? h('div', { class: 'pufa-invite', role: 'status' }, result.value.map(line => h('div', line))) : null,
      missing.units.length ? h('table', { class: 'pufa-table pufa-missing' }, [
        h('thead', h('tr', [h('th', t('missing.unit')), h('th', t('missing.officers'))])),
        h('tbody', missing.units.map(unit => h('tr', [
          h('td', [unit.name, h('span', { class: 'pufa-badge' }, t('table.silent'))]),
          h('td', unit.officers.length ? unit.officers.join('、') : t('missing.no-officer')),
        ]))),
      ]) : null,
    ])

    return () => h('div', { class: 'pufa-missing-page' }, [
      h('h1', t('missing.title')),
      h(PeriodPicker, { active: period.value, onPick: (text: string) => { period.value = text; result.value = []; load() } }),
      h('div', { class: 'pufa-periods' }, h('select', {
        class: 'pufa-custom-input pufa-date', 'aria-label': t('missing.key-date'), value: keyDate.value,
        onChange: (event: Event) => { keyDate.value = (event.target as HTMLSelectElement).value; result.value = []; load() },
      }, [h('option', { value: '' }, t('missing.any-key-date')), ...(data.value?.keyDates ?? []).map(k => h('option', { value: k.id }, k.name))])),
      problem.value ? h('p', { class: 'pufa-problem', role: 'alert' }, problem.value) : null,
      data.value ? list(data.value) : null,
    ])
  },
})
