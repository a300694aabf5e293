import { Schema } from 'koishi'

export interface Config {
  /** Folder of unit-kinds.yml and units.yml, relative to koishi.yml. */
  dir: string
  attachments: string
  maxPhotoBytes: number
  /** Milliseconds to connect to a picture's host, and to download the whole picture. */
  photoConnectTimeout: number
  photoTimeout: number
  /** `host` or `host:port` that may serve pictures from this machine or the local network. */
  allowPrivateHosts: string[]
  inviteDays: number
  /** Days a report's photos are kept (0: for ever); the report itself always stays. */
  photoDays: number
  /** Days an unfinished draft is kept after its last answer (0: for ever). */
  draftDays: number
  /** Wrong invite codes one user may type within `bindWindow` before being locked out for `bindLockout`. */
  bindFailures: number
  bindWindow: number
  bindLockout: number
  /** A dialogue left this long is paused: the draft is kept and the next 报送 offers it. */
  dialogueTimeout: number
  duplicateWindow: number
}

export const Config: Schema<Config> = Schema.object({
  dir: Schema.string().default('config').description('单位名册所在目录。'),
  attachments: Schema.string().default('data/attachments').description('报送照片的保存目录。'),
  maxPhotoBytes: Schema.natural().default(10 * 1024 * 1024).description('单张照片的大小上限（字节）。'),
  photoConnectTimeout: Schema.natural().role('ms').default(10_000).description('连接图片服务器的最长等待时间。'),
  photoTimeout: Schema.natural().role('ms').default(60_000).description('下载一张照片的最长时间（含跳转），超时请报送人重发。'),
  allowPrivateHosts: Schema.array(String).default([])
    .description('允许从本机或内网下载照片的主机（写“主机”或“主机:端口”，如 OneBot 实现自带的文件服务）；默认都不允许。'),
  inviteDays: Schema.natural().min(1).default(7).description('邀请码有效天数。'),
  photoDays: Schema.natural().default(730)
    .description('报送照片保存天数（0 为永久）。默认 730 天，够当年和上一年的年度考核用；过期只删照片，报送记录保留并注明。'),
  draftDays: Schema.natural().default(30).description('未完成的报送草稿保存天数（0 为永久），从最后一次回复算起。'),
  bindFailures: Schema.natural().min(1).default(5).description('同一用户在 bindWindow 内最多输错几次邀请码。'),
  bindWindow: Schema.natural().role('ms').default(10 * 60_000).description('统计输错邀请码次数的时间窗。'),
  bindLockout: Schema.natural().role('ms').default(30 * 60_000).description('输错次数用完后多久不能再试。'),
  dialogueTimeout: Schema.natural().role('ms').default(10 * 60_000).description('逐项报送多久没有回复就暂停（草稿保留）。'),
  duplicateWindow: Schema.natural().role('ms').default(10 * 60_000).description('同一单位、日期、标题在此时间内再次报送时先确认。'),
})
