import { redactSecrets } from '../delivery/redact'

/** A secret as people may see it: only its last four characters, e.g. “…a1b2”. */
export function mask(secret: string): string {
  return secret.length <= 8 ? '…' : `…${secret.slice(-4)}`
}

/**
 * Text safe to log or store: every given secret (and its URL-encoded form) masked, and any
 * webhook key, token or signature in a URL cut out, whoever produced the text.
 */
export function redact(text: string, secrets: string[] = []): string {
  let result = text
  for (const secret of secrets.filter(Boolean)) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) result = result.split(form).join(mask(secret))
  }
  return redactSecrets(result)
}
