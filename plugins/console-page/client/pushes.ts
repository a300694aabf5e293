import { computed, defineComponent, h, ref } from 'vue'
import { send, useI18n } from '@koishijs/client'
import type { LogRow, PreviewReply, PushesReply, SubscriptionRow } from '../src/pushes'
import zhCN from './locales/zh-CN.yml'
import { formatTime } from './format'

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`

/** A day's delivery log by group, the subscriptions with their settings, and a preview of any date. */
export default defineComponent({
  setup() {
    const { t } = useI18n({ messages: { 'zh-CN': zhCN } })
    const date = ref('')
    const data = ref<Exclude<PushesReply, { problem: string }>>()
    const problem = ref('')
    const previewDate = ref('')
    const previewGroup = ref('')
    const previewed = ref<PreviewReply>()

    async function load(text: string) {
      const reply: PushesReply = await send('pufa-console/pushes', text)
      if ('problem' in reply) return problem.value = reply.problem
      problem.value = ''
      data.value = reply
      date.value = reply.date
      if (!previewDate.value) previewDate.value = reply.date
    }
    load('')

    async function preview(event: Event) {
      event.preventDefault()
      const [platform = '', channelId = ''] = previewGroup.value ? JSON.parse(previewGroup.value) : []
      previewed.value = await send('pufa-console/preview', platform, channelId, previewDate.value)
    }

    /** Log rows by group, in the order the log ranks them (problems first). */
    const byGroup = computed(() => {
      const groups = new Map<string, LogRow[]>()
      for (const row of data.value?.log ?? []) {
        const key = `${row.platform}:${row.channelId}`
        groups.set(key, [...groups.get(key) ?? [], row])
      }
      return [...groups]
    })

    const counts = () => {
      const log = data.value?.log ?? []
      return h('div', { class: 'pufa-totals' }, (['sent', 'failed', 'unknown'] as const).map(group => h('div', { class: 'pufa-total', 'data-field': group }, [
        h('div', { class: 'pufa-total-label' }, t(`pushes.group.${group}`)),
        h('div', { class: 'pufa-total-value' }, String(log.filter(row => row.group === group).length)),
      ])))
    }

    const logTable = () => h('section', { class: 'pufa-section' }, [
      h('h2', t('pushes.log', [date.value])),
      byGroup.value.length ? byGroup.value.map(([group, rows]) => h('div', { class: 'pufa-log-group', 'data-group': group }, [
        h('h3', group),
        h('table', { class: 'pufa-table' }, [
          h('thead', h('tr', ['what', 'status', 'at', 'error'].map(key => h('th', t(`pushes.column.${key}`))))),
          h('tbody', rows.map(row => h('tr', { 'data-status': row.group }, [
            h('td', row.title ? `${t(`pushes.kind.${row.kind}`)}「${row.title}」` : t(`pushes.kind.${row.kind}`)),
            h('td', [h('span', { class: ['pufa-status', row.group] }, t(`pushes.group.${row.group}`)), row.attempt > 1 ? t('pushes.attempt', [row.attempt]) : '']),
            h('td', row.at ? formatTime(row.at) : ''),
            h('td', { class: 'pufa-wrap' }, row.error),
          ]))),
        ]),
      ])) : h('p', { class: 'pufa-hint' }, t('pushes.empty')),
    ])

    const flag = (on: boolean) => t(on ? 'pushes.on' : 'pushes.off')
    const subscriptions = () => h('section', { class: 'pufa-section' }, [
      h('h2', t('pushes.subscriptions')),
      data.value?.subscriptions.length ? h('div', { class: 'pufa-scroll' }, h('table', { class: 'pufa-table' }, [
        h('thead', h('tr', ['group', 'time', 'tips', 'dates', 'reminders', 'quiz', 'workdays', 'proactive'].map(key => h('th', t(`pushes.sub.${key}`))))),
        h('tbody', data.value.subscriptions.map((sub: SubscriptionRow) => h('tr', [
          h('td', `${sub.platform}:${sub.channelId}`),
          h('td', hhmm(sub.time)),
          h('td', flag(sub.tips)), h('td', flag(sub.dates)), h('td', flag(sub.reminders)), h('td', flag(sub.quiz)), h('td', flag(sub.workdays)),
          h('td', t(`pushes.proactive.${sub.proactive}`)),
        ]))),
      ])) : h('p', { class: 'pufa-hint' }, t('pushes.no-subscriptions')),
    ])

    const previewPane = () => h('section', { class: 'pufa-section' }, [
      h('h2', t('pushes.preview')),
      h('form', { class: 'pufa-add-unit', onSubmit: preview }, [
        h('select', {
          class: 'pufa-custom-input', 'aria-label': t('pushes.preview-group'), value: previewGroup.value,
          onChange: (event: Event) => previewGroup.value = (event.target as HTMLSelectElement).value,
        }, [
          h('option', { value: '' }, t('pushes.defaults')),
          ...(data.value?.subscriptions ?? []).map(sub => h('option', { value: JSON.stringify([sub.platform, sub.channelId]) }, `${sub.platform}:${sub.channelId}`)),
        ]),
        h('input', {
          class: 'pufa-custom-input', type: 'date', 'aria-label': t('pushes.preview-date'), value: previewDate.value,
          onInput: (event: Event) => previewDate.value = (event.target as HTMLInputElement).value,
        }),
        h('button', { type: 'submit', class: 'pufa-period' }, t('pushes.show-preview')),
      ]),
      previewed.value && ('problem' in previewed.value
        ? h('p', { class: 'pufa-problem', role: 'alert' }, previewed.value.problem)
        : h('div', { class: 'pufa-preview' }, [
          h('p', { class: 'pufa-hint' }, t('pushes.preview-header', { date: previewed.value.date, time: hhmm(previewed.value.preview.time) })
            + (previewed.value.preview.subscribed ? '' : t('pushes.preview-defaults'))),
          previewed.value.preview.skipped ? h('p', t('pushes.skipped')) : null,
          !previewed.value.preview.parts.length && !previewed.value.preview.skipped ? h('p', t('pushes.nothing')) : null,
          ...previewed.value.preview.parts.map(part => h('article', { class: 'pufa-message' }, [
            h('h3', t(`pushes.kind.${part.kind}`)),
            h('pre', { class: 'pufa-message-text' }, part.text),
            part.predicted ? h('p', { class: 'pufa-hint' }, t('pushes.predicted')) : null,
          ])),
        ])),
    ])

    return () => h('div', { class: 'pufa-pushes' }, [
      h('h1', t('pushes.title')),
      h('form', { class: 'pufa-periods', onSubmit: (event: Event) => { event.preventDefault(); load(date.value) } }, [
        h('button', { type: 'button', class: 'pufa-period', onClick: () => load('') }, t('pushes.today')),
        h('input', {
          class: 'pufa-custom-input pufa-date', type: 'date', 'aria-label': t('pushes.date'), value: date.value,
          onInput: (event: Event) => date.value = (event.target as HTMLInputElement).value,
        }),
        h('button', { type: 'submit', class: 'pufa-period' }, t('custom.apply')),
      ]),
      problem.value ? h('p', { class: 'pufa-problem', role: 'alert' }, problem.value) : null,
      ...data.value ? [counts(), logTable(), subscriptions(), previewPane()] : [],
    ])
  },
})
