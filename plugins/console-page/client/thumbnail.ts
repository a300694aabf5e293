import { defineComponent, h, onMounted, ref } from 'vue'
import { send } from '@koishijs/client'

/** A report's photo, fetched through the page's login when it is shown. */
export default defineComponent({
  props: {
    reportId: { type: Number, required: true },
    name: { type: String, required: true },
    missing: { type: String, required: true },
  },
  setup(props) {
    const src = ref<string | null>()
    onMounted(async () => {
      src.value = await send('pufa-console/photo', props.reportId, props.name).catch(() => null)
    })
    return () => src.value
      ? h('img', { class: 'pufa-thumb', src: src.value, alt: props.name })
      : h('span', { class: 'pufa-thumb pufa-thumb-missing', title: props.name }, src.value === null ? props.missing : '…')
  },
})
