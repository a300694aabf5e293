import { computed, defineComponent, h, ref } from 'vue'
import { send, useI18n } from '@koishijs/client'
import type { Overview, OverviewReply, UnitRow } from '../src/overview'
import zhCN from './locales/zh-CN.yml'
import Chart from './chart'
import { formatCount } from './format'
import PeriodPicker from './period-picker'
import { groupHeight, groupOption, monthOption } from './chart-options'

type Column = 'name' | 'count' | 'participants' | 'materials' | 'lastDate'
const COLUMNS: Column[] = ['name', 'count', 'participants', 'materials', 'lastDate']
const NUMERIC: Column[] = ['count', 'participants', 'materials']

function compare(a: UnitRow, b: UnitRow, column: Column) {
  if (NUMERIC.includes(column)) return (a[column] as number) - (b[column] as number)
  return String(a[column]).localeCompare(String(b[column]), 'zh-CN')
}

export default defineComponent({
  setup() {
    const { t } = useI18n({ messages: { 'zh-CN': zhCN } })
    const period = ref('本月')
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

    const totals = (overview: Overview) => {
      const active = overview.units.length
      const cards: [string, string][] = [
        ['units', t('totals.of-units', [overview.totals.units, active])],
        ['count', formatCount(overview.totals.count)],
        ['participants', formatCount(overview.totals.participants)],
        ['materials', formatCount(overview.totals.materials)],
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
          ...NUMERIC.map(column => h('td', { 'data-column': column, class: 'numeric' }, formatCount(row[column] as number))),
          h('td', { 'data-column': 'lastDate' }, row.lastDate || '—'),
        ]))),
      ]) : h('p', { class: 'pufa-hint' }, t('table.empty')),
    ])

    const labels = () => ({ count: t('chart.count'), participants: t('chart.participants') })
    const charts = (overview: Overview) => h('div', { class: 'pufa-charts' }, [
      h('section', { class: 'pufa-section pufa-wide' }, [
        h('h2', t('chart.by-month')),
        h(Chart, { name: 'month', option: monthOption(overview.months, labels()) }),
      ]),
      ...(['themes', 'keyDates'] as const).map(group => h('section', { class: 'pufa-section' }, [
        h('h2', t(`chart.by-${group}`)),
        overview[group].length
          ? h(Chart, { name: group, option: groupOption(overview[group], labels()), height: groupHeight(overview[group]) })
          : h('p', { class: 'pufa-hint' }, t(`chart.no-${group}`)),
      ])),
    ])

    return () => h('div', { class: 'pufa-overview' }, [
      h('h1', t('title', [data.value?.period.label ?? ''])),
      h(PeriodPicker, { active: period.value, onPick: load }),
      problem.value ? h('p', { class: 'pufa-problem', role: 'alert' }, problem.value) : null,
      loading.value && !data.value ? h('p', { class: 'pufa-hint' }, t('loading')) : null,
      ...data.value ? [totals(data.value), charts(data.value), table()] : [],
    ])
  },
})
