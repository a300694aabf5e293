import { defineComponent, h, PropType, ref } from 'vue'
import { send, useI18n } from '@koishijs/client'
import type { Activity, HistoryEntry, UnitDetail } from '../src/units'
import zhCN from './locales/zh-CN.yml'
import { formatCount, formatTime } from './format'
import Thumbnail from './thumbnail'

type Invite = { unit: string; code: string; expiresAt: number; days: number }

/** One unit: stop it, invite its officer, its officers, activities with photos and the changes to its reports. */
export default defineComponent({
  props: { detail: { type: Object as PropType<UnitDetail>, required: true } },
  emits: ['changed'],
  setup(props, { emit }) {
    const { t } = useI18n({ messages: { 'zh-CN': zhCN } })
    const invite = ref<Invite | null>(null)
    const message = ref('')

    async function createInvite() {
      invite.value = await send('pufa-console/invite', props.detail.unit.id)
      if (!invite.value) message.value = t('units.gone')
    }

    async function stop() {
      if (!window.confirm(t('units.stop-confirm', [props.detail.unit.name]))) return
      const reply = await send('pufa-console/stop-unit', props.detail.unit.id)
      message.value = reply.text || t('units.gone')
      emit('changed')
    }

    const actions = () => h('div', { class: 'pufa-actions' }, props.detail.unit.active ? [
      h('button', { class: 'pufa-period', onClick: createInvite }, t('units.invite')),
      h('button', { class: 'pufa-period pufa-danger', onClick: stop }, t('units.stop')),
    ] : [h('span', { class: 'pufa-hint' }, t('units.stopped'))])

    const inviteBox = () => invite.value && h('div', { class: 'pufa-invite', role: 'status' }, [
      h('div', t('units.invite-for', [invite.value.unit])),
      h('code', { class: 'pufa-code' }, invite.value.code),
      h('div', { class: 'pufa-hint' }, t('units.invite-hint', { code: invite.value.code, days: invite.value.days, expires: formatTime(invite.value.expiresAt) })),
    ])

    const officers = () => h('section', { class: 'pufa-section' }, [
      h('h3', t('units.officers')),
      props.detail.officers.length ? h('table', { class: 'pufa-table' }, [
        h('thead', h('tr', ['name', 'account', 'boundAt'].map(key => h('th', t(`units.officer.${key}`))))),
        h('tbody', props.detail.officers.map(o => h('tr', [h('td', o.name), h('td', o.account), h('td', formatTime(o.boundAt))]))),
      ]) : h('p', { class: 'pufa-hint' }, t('units.no-officers')),
    ])

    const activity = (a: Activity) => h('li', { class: 'pufa-activity', 'data-report': a.id }, [
      h('div', { class: 'pufa-activity-title' }, [h('strong', a.title), h('span', { class: 'pufa-hint' }, ` #${a.id}`)]),
      h('div', { class: 'pufa-activity-meta' }, [
        a.date, a.place || t('units.no-place'), a.theme, a.form, a.keyDate,
        t('units.counts', [formatCount(a.participants), formatCount(a.materials)]),
      ].filter(Boolean).join(' ｜ ')),
      a.photos.length ? h('div', { class: 'pufa-thumbs' }, a.photosExpired
        ? h('span', { class: 'pufa-hint' }, t('units.photos-expired', [a.photos.length]))
        : a.photos.map(name => h(Thumbnail, { key: name, reportId: a.id, name, missing: t('units.photo-missing') }))) : null,
    ])

    const activities = () => h('section', { class: 'pufa-section' }, [
      h('h3', t('units.activities', [props.detail.activities.length])),
      props.detail.activities.length
        ? h('ul', { class: 'pufa-activities' }, props.detail.activities.map(activity))
        : h('p', { class: 'pufa-hint' }, t('units.no-activities')),
    ])

    const change = (entry: HistoryEntry) => entry.changes
      .map(c => t('units.change', { field: t(`units.field.${c.field}`), before: c.before || t('units.empty'), after: c.after || t('units.empty') }))
      .join('；')

    const history = () => h('section', { class: 'pufa-section' }, [
      h('h3', t('units.history')),
      props.detail.history.length ? h('table', { class: 'pufa-table pufa-history' }, [
        h('thead', h('tr', ['at', 'report', 'action', 'by', 'changes'].map(key => h('th', t(`units.entry.${key}`))))),
        h('tbody', props.detail.history.map(entry => h('tr', [
          h('td', formatTime(entry.at)),
          h('td', `#${entry.reportId} ${entry.title}`),
          h('td', t(`units.action.${entry.action}`)),
          h('td', entry.by),
          h('td', { class: 'pufa-wrap' }, entry.action === 'edit' ? change(entry) : ''),
        ]))),
      ]) : h('p', { class: 'pufa-hint' }, t('units.no-history')),
    ])

    return () => h('div', { class: 'pufa-unit-detail' }, [
      h('h2', `${props.detail.unit.name}（${props.detail.unit.kind}）`),
      actions(),
      message.value ? h('p', { class: 'pufa-hint', role: 'status' }, message.value) : null,
      inviteBox(),
      officers(),
      activities(),
      history(),
    ])
  },
})
