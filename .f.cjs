const { parse } = require('yaml'); const fs = require('fs')
const tips = fs.readdirSync('config/tips').flatMap(f => parse(fs.readFileSync('config/tips/' + f, 'utf8')).map(t => ({ ...t, f })))
const kw = { 赡养: /赡养/, 遛狗: /遛狗|犬|狗/, 醉驾: /醉酒驾驶|醉驾|饮酒后驾驶/, 谣言: /谣言|谣/, 罂粟: /罂粟/, 消防通道: /消防车通道|消防通道|疏散通道/, 货车拉人: /货运机动车|拖拉机.*载人|载客/, 国旗国歌: /国旗|国歌/, 噪声: /噪声/ }
for (const [k, re] of Object.entries(kw)) {
  console.log('==', k)
  for (const t of tips) if (re.test(t.title + t.body)) console.log('  ', t.id, t.law, t.article, '|', t.title)
}
