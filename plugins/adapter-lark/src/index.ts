// koishi.yml names plugins as koishi-plugin-*; the adapter is published as @satorijs/adapter-lark.
export { default } from '@satorijs/adapter-lark'
