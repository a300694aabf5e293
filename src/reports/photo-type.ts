/** Image formats accepted as report photos, recognised by their first bytes, not by name or header. */
const SIGNATURES: { ext: string; test: (bytes: Uint8Array) => boolean }[] = [
  { ext: 'jpg', test: b => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { ext: 'png', test: b => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v) },
  { ext: 'gif', test: b => String.fromCharCode(...b.subarray(0, 6)) === 'GIF87a' || String.fromCharCode(...b.subarray(0, 6)) === 'GIF89a' },
  { ext: 'webp', test: b => String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...b.subarray(8, 12)) === 'WEBP' },
]

/** The file extension for an image's bytes, or undefined when they are not an accepted image. */
export function imageExtension(bytes: Uint8Array): string | undefined {
  if (bytes.length < 12) return
  return SIGNATURES.find(signature => signature.test(bytes))?.ext
}
