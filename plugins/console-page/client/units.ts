import { defineComponent, h, ref } from 'vue'
import { send, useI18n } from '@koishijs/client'
import type { UnitDetail as Detail, UnitSummary } from '../src/units'
import zhCN from './locales/zh-CN.yml'
import UnitDetail from './unit-detail'

/** The register: every unit, a form to add one, and the unit picked. */
export default defineComponent({
  setup() {
    const { t } = useI18n({ messages: { 'zh-CN': zhCN } })
    const units = ref<UnitSummary[]>([])
    const kinds = ref<string[]>([])
    const picked = ref<Detail>()
    const name = ref('')
    const kind = ref('')
    const reply = ref<{ ok: boolean; text: string }>()

    async function list() {
      const answer = await send('pufa-console/units')
      units.value = answer.units
      kinds.value = answer.kinds
      if (!kind.value) kind.value = answer.kinds[0] ?? ''
    }

    async function pick(id: number) {
      picked.value = await send('pufa-console/unit', id)
    }

    async function add(event: Event) {
      event.preventDefault()
      reply.value = await send('pufa-console/add-unit', name.value, kind.value)
      if (reply.value.ok) name.value = ''
      await list()
    }
    list()

    const form = () => h('form', { class: 'pufa-add-unit', onSubmit: add }, [
      h('input', {
        class: 'pufa-custom-input',
        value: name.value,
        placeholder: t('units.name-placeholder'),
        onInput: (event: Event) => name.value = (event.target as HTMLInputElement).value,
      }),
      h('select', {
        class: 'pufa-custom-input pufa-select',
        value: kind.value,
        'aria-label': t('units.kind'),
        onChange: (event: Event) => kind.value = (event.target as HTMLSelectElement).value,
      }, kinds.value.map(k => h('option', { value: k }, k))),
      h('button', { type: 'submit', class: 'pufa-period' }, t('units.add')),
      reply.value ? h('p', { class: ['pufa-reply', { 'pufa-problem': !reply.value.ok }], role: 'status' }, reply.value.text) : null,
    ])

    const register = () => h('ul', { class: 'pufa-register' }, units.value.map(unit => h('li', {
      key: unit.id,
      class: { active: picked.value?.unit.id === unit.id, stopped: !unit.active },
    }, h('button', { class: 'pufa-register-item', onClick: () => pick(unit.id) }, [
      h('span', unit.name),
      h('span', { class: 'pufa-hint' }, unit.active ? t('units.officer-count', [unit.officers]) : t('units.stopped')),
    ]))))

    return () => h('div', { class: 'pufa-units-page' }, [
      h('h1', t('units.title')),
      form(),
      h('div', { class: 'pufa-split' }, [
        h('aside', { class: 'pufa-register-pane' }, register()),
        h('div', { class: 'pufa-detail-pane' }, picked.value
          ? h(UnitDetail, { key: picked.value.unit.id, detail: picked.value, onChanged: async () => { await list(); await pick(picked.value!.unit.id) } })
          : h('p', { class: 'pufa-hint' }, t('units.pick'))),
      ]),
    ])
  },
})
