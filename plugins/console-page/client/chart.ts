import { defineComponent, h, onBeforeUnmount, onMounted, PropType, ref, watch } from 'vue'
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { ECharts, init, use } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export interface MonthPoint {
  month: string
  count: number
  participants: number
}

/** 场次 as bars and 参与人次 as a line on its own axis, one point per month. */
export default defineComponent({
  props: {
    months: { type: Array as PropType<MonthPoint[]>, required: true },
    labels: { type: Object as PropType<{ count: string; participants: string }>, required: true },
  },
  setup(props) {
    const root = ref<HTMLElement>()
    let chart: ECharts | undefined
    const resize = () => chart?.resize()

    const draw = () => {
      chart?.setOption({
        // Drawn at once: a figure that grows into place reads as a different number for a moment.
        animation: false,
        tooltip: { trigger: 'axis' },
        legend: { top: 0, data: [props.labels.count, props.labels.participants] },
        grid: { left: 48, right: 56, top: 40, bottom: 32 },
        xAxis: { type: 'category', data: props.months.map(m => m.month) },
        yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', minInterval: 1 }],
        series: [
          { name: props.labels.count, type: 'bar', data: props.months.map(m => m.count), barMaxWidth: 36 },
          { name: props.labels.participants, type: 'line', yAxisIndex: 1, data: props.months.map(m => m.participants) },
        ],
      }, true)
    }

    onMounted(() => {
      chart = init(root.value!)
      draw()
      window.addEventListener('resize', resize)
    })
    watch(() => props.months, draw)
    onBeforeUnmount(() => {
      window.removeEventListener('resize', resize)
      chart?.dispose()
    })
    return () => h('div', { ref: root, class: 'pufa-chart' })
  },
})
