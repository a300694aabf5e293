import { computed, defineComponent, h, ref, resolveComponent } from 'vue'
import { send, useI18n } from '@koishijs/client'
import type { Overview, OverviewReply, UnitRow } from '../src/overview'
import zhCN from './locales/zh-CN.yml'
import Chart from './chart'

/** The preset periods, in the words 台账 takes. */
const PRESETS = [['month', '本月'], ['quarter', '本季度'], ['year', '今年']] as const

type Column = 'name' | 'count' | 'participants' | 'materials' | 'lastDate'
const COLUMNS: Column[] = ['name', 'count', 'participants', 'materials', 'lastDate']
const NUMERIC: Column[] = ['count', 'participants', 'materials']

const format = (value: number) => value.toLocaleString('zh-CN')

function compare(a: UnitRow, b: UnitRow, column: Column) {
  if (NUMERIC.includes(column)) return (a[column] as number) - (b[column] as number)
  return String(a[column]).localeCompare(String(b[column]), 'zh-CN')
}

export default defineComponent({
  setup() {
    const { t } = useI18n({ messages: { 'zh-CN': zhCN } })
    const period = ref('本月')
    const custom = ref('')
    const data = ref<Overview>()
    const problem = ref('')
    const loading = ref(false)
    // Null: the server's order, as 台账 ranks units, with the units that did not report last.
    const sort = ref<{ column: Column; descending: boolean } | null>(null)

    // Only the latest request's answer is shown, whatever order the answers arrive in.
    let latest = 0

    async function load(text: string) {
      const request = ++latest
      period.value = text
      loading.value = true
      try {
        const reply: OverviewReply = await send('pufa-console/overview', text)
        if (request !== latest) return
        if ('problem' in reply) {
          problem.value = reply.problem
        } else {
          problem.value = ''
          data.value = reply.overview
        }
      } catch {
        // The server refuses a client whose login has expired or is below the page's authority.
        if (request === latest) problem.value = t('refused')
      } finally {
        if (request === latest) loading.value = false
      }
    }
    load(period.value)

    const rows = computed(() => {
      const units = data.value?.units ?? []
      if (!sort.value) return units
      const { column, descending } = sort.value
      return [...units].sort((a, b) => (descending ? -1 : 1) * compare(a, b, column) || a.unitId - b.unitId)
    })

    function sortBy(column: Column) {
      const current = sort.value
      // Figures start with the largest first, names and dates in reading order.
      sort.value = current?.column === column
        ? { column, descending: !current.descending }
        : { column, descending: NUMERIC.includes(column) }
    }

    const presets = () => h('div', { class: 'pufa-periods' }, [
      ...PRESETS.map(([key, word]) => h('button', {
        class: ['pufa-period', { active: period.value === word }],
        onClick: () => load(word),
      }, t(`presets.${key}`))),
      h('form', {
        class: 'pufa-custom',
        onSubmit: (event: Event) => {
          event.preventDefault()
          if (custom.value.trim()) load(custom.value.trim())
        },
      }, [
        h('input', {
          class: 'pufa-custom-input',
          value: custom.value,
          placeholder: t('custom.placeholder'),
          onInput: (event: Event) => custom.value = (event.target as HTMLInputElement).value,
        }),
        h('button', { type: 'submit', class: 'pufa-period' }, t('custom.apply')),
      ]),
    ])

    const totals = (overview: Overview) => {
      const active = overview.units.length
      const cards: [string, string][] = [
        ['units', t('totals.of-units', [overview.totals.units, active])],
        ['count', format(overview.totals.count)],
        ['participants', format(overview.totals.participants)],
        ['materials', format(overview.totals.materials)],
      ]
      return h('div', { class: 'pufa-totals' }, cards.map(([field, value]) => h('div', { class: 'pufa-total', 'data-field': field }, [
        h('div', { class: 'pufa-total-label' }, t(`totals.${field}`)),
        h('div', { class: 'pufa-total-value' }, value),
      ])))
    }

    const table = () => h('section', { class: 'pufa-section' }, [
      h('h2', t('table.title')),
      h('p', { class: 'pufa-hint' }, t('table.hint')),
      rows.value.length ? h('table', { class: 'pufa-units' }, [
        h('thead', h('tr', COLUMNS.map(column => h('th', {
          'data-column': column,
          class: { numeric: NUMERIC.includes(column), sorted: sort.value?.column === column },
          'aria-sort': sort.value?.column === column ? (sort.value.descending ? 'descending' : 'ascending') : 'none',
          onClick: () => sortBy(column),
        }, [t(`table.${column}`), sort.value?.column === column ? (sort.value.descending ? ' ▼' : ' ▲') : ''])))),
        h('tbody', rows.value.map(row => h('tr', { key: row.unitId, class: { silent: row.silent } }, [
          h('td', { 'data-column': 'name' }, [row.name, row.silent ? h('span', { class: 'pufa-badge' }, t('table.silent')) : null]),
          ...NUMERIC.map(column => h('td', { 'data-column': column, class: 'numeric' }, format(row[column] as number))),
          h('td', { 'data-column': 'lastDate' }, row.lastDate || '—'),
        ]))),
      ]) : h('p', { class: 'pufa-hint' }, t('table.empty')),
    ])

    const chart = (overview: Overview) => h('section', { class: 'pufa-section' }, [
      h('h2', t('chart.title')),
      h(Chart, { months: overview.months, labels: { count: t('chart.count'), participants: t('chart.participants') } }),
    ])

    return () => h(resolveComponent('k-layout'), null, {
      default: () => h('div', { class: 'pufa-overview' }, [
        h('h1', t('title', [data.value?.period.label ?? ''])),
        presets(),
        problem.value ? h('p', { class: 'pufa-problem', role: 'alert' }, problem.value) : null,
        loading.value && !data.value ? h('p', { class: 'pufa-hint' }, t('loading')) : null,
        ...data.value ? [totals(data.value), chart(data.value), table()] : [],
      ]),
    })
  },
})
