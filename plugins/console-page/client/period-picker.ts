import { defineComponent, h, ref } from 'vue'
import { useI18n } from '@koishijs/client'
import zhCN from './locales/zh-CN.yml'

/** The preset periods, in the words 台账 takes. */
const PRESETS = [['month', '本月'], ['quarter', '本季度'], ['year', '今年']] as const

/** 本月, 本季度, 今年 or any period 台账 reads (a key date, a range …); emits the words picked. */
export default defineComponent({
  props: { active: { type: String, required: true } },
  emits: ['pick'],
  setup(props, { emit }) {
    const { t } = useI18n({ messages: { 'zh-CN': zhCN } })
    const custom = ref('')
    return () => h('div', { class: 'pufa-periods' }, [
      ...PRESETS.map(([key, word]) => h('button', {
        class: ['pufa-period', { active: props.active === word }],
        onClick: () => emit('pick', word),
      }, t(`presets.${key}`))),
      h('form', {
        class: 'pufa-custom',
        onSubmit: (event: Event) => {
          event.preventDefault()
          if (custom.value.trim()) emit('pick', custom.value.trim())
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
  },
})
