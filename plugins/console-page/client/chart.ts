import { defineComponent, h, onBeforeUnmount, onMounted, PropType, ref, watch } from 'vue'
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { ECharts, EChartsCoreOption, init, use } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

/** One ECharts chart drawn from an option, redrawn when the option changes and on resize. */
export default defineComponent({
  props: {
    option: { type: Object as PropType<EChartsCoreOption>, required: true },
    /** Names the chart for tests and screenshots. */
    name: { type: String, required: true },
    height: { type: Number, default: 280 },
  },
  setup(props) {
    const root = ref<HTMLElement>()
    let chart: ECharts | undefined
    const resize = () => chart?.resize()
    // Drawn at once: a figure that grows into place reads as a different number for a moment.
    const draw = () => chart?.setOption({ animation: false, ...props.option }, true)

    onMounted(() => {
      chart = init(root.value!)
      draw()
      window.addEventListener('resize', resize)
    })
    watch(() => props.option, draw)
    onBeforeUnmount(() => {
      window.removeEventListener('resize', resize)
      chart?.dispose()
    })
    return () => h('div', { ref: root, class: 'pufa-chart', 'data-chart': props.name, style: { height: `${props.height}px` } })
  },
})
