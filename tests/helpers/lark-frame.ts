/**
 * The protobuf `Frame` of Lark's long-connection (长连接) event channel, written by hand so
 * the fake does not share the adapter's codec:
 * SeqID=1, LogID=2 (uint64), service=3, method=4 (int32), headers=5 (repeated {key=1, value=2}),
 * payload=8 (bytes). method 0 is a control frame (ping/pong), 1 a data frame (event).
 */
export interface Frame {
  service: number
  method: number
  headers: Record<string, string>
  payload?: Buffer
}

function varint(value: number) {
  const bytes: number[] = []
  while (value > 0x7f) {
    bytes.push((value % 0x80) | 0x80)
    value = Math.floor(value / 0x80)
  }
  bytes.push(value)
  return Buffer.from(bytes)
}

function field(id: number, data: Buffer | number) {
  if (typeof data === 'number') return Buffer.concat([varint(id << 3), varint(data)])
  return Buffer.concat([varint((id << 3) | 2), varint(data.length), data])
}

export function encodeFrame(frame: Frame) {
  const headers = Object.entries(frame.headers).map(([key, value]) =>
    field(5, Buffer.concat([field(1, Buffer.from(key)), field(2, Buffer.from(value))])))
  return Buffer.concat([
    field(1, 0), field(2, 0), field(3, frame.service), field(4, frame.method),
    ...headers,
    ...frame.payload ? [field(8, frame.payload)] : [],
  ])
}

/** Each field of a message: varints as numbers, length-delimited ones as bytes. */
function fields(buffer: Buffer) {
  const result: [number, number | Buffer][] = []
  let at = 0
  const read = () => {
    let value = 0, scale = 1, byte: number
    do {
      byte = buffer[at++]
      value += (byte & 0x7f) * scale
      scale *= 0x80
    } while (byte & 0x80)
    return value
  }
  while (at < buffer.length) {
    const tag = read()
    if ((tag & 7) === 0) {
      result.push([tag >> 3, read()])
    } else {
      const length = read()
      result.push([tag >> 3, buffer.subarray(at, at + length)])
      at += length
    }
  }
  return result
}

export function decodeFrame(buffer: Buffer): Frame {
  const frame: Frame = { service: 0, method: 0, headers: {} }
  for (const [id, value] of fields(buffer)) {
    if (id === 3) frame.service = value as number
    else if (id === 4) frame.method = value as number
    else if (id === 8) frame.payload = Buffer.from(value as Buffer)
    else if (id === 5) {
      const header = new Map(fields(value as Buffer).map(([key, data]) => [key, data.toString()]))
      frame.headers[header.get(1)!] = header.get(2) ?? ''
    }
  }
  return frame
}
