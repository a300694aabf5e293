// koishi.yml names resolve only to koishi-plugin-* and @koishijs/plugin-* packages, and the
// DingTalk adapter is published as @satorijs/adapter-dingtalk: this makes it `adapter-dingtalk`, as plugins/adapter-qq and adapter-lark do.
// Its access token is kept fresh by pufa-platforms (see plugins/platforms/src/dingtalk-token.ts).
export * from '@satorijs/adapter-dingtalk'
export { default } from '@satorijs/adapter-dingtalk'
