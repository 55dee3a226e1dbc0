import { randomBytes } from 'node:crypto';

export interface OutputDeclaration {
  name: string;
  secret: boolean;
  generate?: 'password';
}

/**
 * Splits what a plug-in returned into public and secret outputs by the definition's declarations. A value that
 * contains a secret (a URI embedding the password, say) is secret whatever it was declared as: a leak guard.
 */
export function splitOutputs(
  declarations: readonly OutputDeclaration[],
  outputs: Record<string, unknown>,
  knownSecrets: Record<string, string>,
): { publicOutputs: Record<string, unknown>; secretOutputs: Record<string, string> } {
  const secretNames = new Set(declarations.filter((d) => d.secret).map((d) => d.name));
  const secretValues = Object.values(knownSecrets).filter((v) => v.length >= 8);
  const publicOutputs: Record<string, unknown> = {};
  const secretOutputs: Record<string, string> = {};
  for (const [name, value] of Object.entries(outputs)) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (secretNames.has(name) || secretValues.some((secret) => text.includes(secret))) secretOutputs[name] = text;
    else publicOutputs[name] = value;
  }
  return { publicOutputs, secretOutputs };
}

/** The secrets the host generates for a new instance (outputs declared `generate: password`). */
export function generateSecrets(declarations: readonly OutputDeclaration[]): Record<string, string> {
  return Object.fromEntries(
    declarations.filter((d) => d.generate === 'password').map((d) => [d.name, randomBytes(24).toString('base64url')]),
  );
}

/**
 * The consumer's Secret: every output (secret or not) under its own name — so the Service Binding keys host, port,
 * uri, username, password, database are there when the add-on declares them — plus `type` and `provider`.
 */
export function bindingData(
  addonType: string,
  provider: string,
  publicOutputs: Record<string, unknown>,
  secretOutputs: Record<string, string>,
): Record<string, string> {
  const data: Record<string, string> = { type: addonType, provider };
  for (const [name, value] of Object.entries({ ...publicOutputs, ...secretOutputs }))
    data[name] = typeof value === 'string' ? value : JSON.stringify(value);
  return data;
}
