import { Schema } from 'koishi'

export interface Config {
  /** Folder of unit-kinds.yml and units.yml, relative to koishi.yml. */
  dir: string
  attachments: string
  maxPhotoBytes: number
  inviteDays: number
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
  inviteDays: Schema.natural().min(1).default(7).description('邀请码有效天数。'),
  bindFailures: Schema.natural().min(1).default(5).description('同一用户在 bindWindow 内最多输错几次邀请码。'),
  bindWindow: Schema.natural().role('ms').default(10 * 60_000).description('统计输错邀请码次数的时间窗。'),
  bindLockout: Schema.natural().role('ms').default(30 * 60_000).description('输错次数用完后多久不能再试。'),
  dialogueTimeout: Schema.natural().role('ms').default(10 * 60_000).description('逐项报送多久没有回复就暂停（草稿保留）。'),
  duplicateWindow: Schema.natural().role('ms').default(10 * 60_000).description('同一单位、日期、标题在此时间内再次报送时先确认。'),
})
