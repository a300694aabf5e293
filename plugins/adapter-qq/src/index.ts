// koishi.yml names plugins as koishi-plugin-*; the adapter is published as @satorijs/adapter-qq.
export { default } from '@satorijs/adapter-qq'
