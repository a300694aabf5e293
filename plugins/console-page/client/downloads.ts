import { defineComponent, h, ref } from 'vue'
import { send, useI18n } from '@koishijs/client'
import type { DownloadKind, DownloadReply } from '../src/downloads'
import zhCN from './locales/zh-CN.yml'
import PeriodPicker from './period-picker'

const KINDS: DownloadKind[] = ['xlsx', 'photos']

/** The 台账 workbook of a period, or its photos in a zip with the workbook that links them. */
export default defineComponent({
  setup() {
    const { t } = useI18n({ messages: { 'zh-CN': zhCN } })
    const period = ref('本月')
    const problem = ref('')
    const busy = ref<DownloadKind>()

    async function download(kind: DownloadKind) {
      busy.value = kind
      try {
        // A one-time link, good for a minute: the file itself never sits behind a lasting address.
        const reply: DownloadReply = await send('pufa-console/download', kind, period.value)
        if ('problem' in reply) {
          problem.value = reply.problem
          return
        }
        problem.value = ''
        const link = document.createElement('a')
        link.href = reply.url
        link.download = reply.name
        link.click()
      } catch {
        problem.value = t('refused')
      } finally {
        busy.value = undefined
      }
    }

    return () => h('div', { class: 'pufa-downloads' }, [
      h('h1', t('downloads.title')),
      h('p', { class: 'pufa-hint' }, t('downloads.period', [period.value])),
      h(PeriodPicker, { active: period.value, onPick: (text: string) => period.value = text }),
      problem.value ? h('p', { class: 'pufa-problem', role: 'alert' }, problem.value) : null,
      h('div', { class: 'pufa-download-cards' }, KINDS.map(kind => h('section', { class: 'pufa-total pufa-download' }, [
        h('h2', t(`downloads.${kind}.title`)),
        h('p', { class: 'pufa-hint' }, t(`downloads.${kind}.hint`)),
        h('button', { class: 'pufa-period', disabled: !!busy.value, onClick: () => download(kind) },
          busy.value === kind ? t('downloads.working') : t(`downloads.${kind}.button`)),
      ]))),
    ])
  },
})
