/** Replaces the password of any `scheme://user:password@host` in `text` with `***`. */
export function maskSecrets(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)([^@\s]*)@/gi, '$1***@');
}

const secretName = /(pass(word)?|secret|token|key|credential)/i;

/** True for a variable whose whole value is a secret, e.g. `S3_SECRET_KEY`. */
export function isSecretName(name: string): boolean {
  return secretName.test(name);
}
