import { randomInt } from 'node:crypto'

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
/** 12 of 32 characters: 60 bits, far beyond what the guess limit lets anyone try. */
export const CODE_LENGTH = 12

/** Without look-alikes (0/O, 1/I), in groups of four to read out on a phone: K7MP-3QXA-9RTW. */
export function inviteCode() {
  return Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('')
}

export const showCode = (code: string) => code.match(/.{1,4}/g)!.join('-')

/** A code as typed: any case, full-width, with or without the dashes and spaces. */
export const readCode = (text: string) => text.normalize('NFKC').replace(/[\s\-_]/g, '').toUpperCase()
