/**
 * The WASM driver writes string values into the SQL text between single quotes and only
 * doubles the quotes. The text is then encoded to UTF-8, where a lone surrogate (half an
 * emoji) takes the next character with it, a doubled quote included; and a NUL ends the
 * statement early. Every string is made safe for that encoding before it is quoted or bound.
 */
export function sqlSafeText(value: string): string {
  const wellFormed = value.isWellFormed() ? value : value.toWellFormed()
  return wellFormed.includes('\0') ? wellFormed.replaceAll('\0', '\uFFFD') : wellFormed
}
