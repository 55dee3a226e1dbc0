import { getAtPath } from './field-path.js';

const expression = /\{\{\s*([^}]+?)\s*\}\}/g;

/**
 * Evaluates a `dataOutputs.fieldPath` against a finished workload: a plain path (`status.url`) or AppManager's
 * Jinja form (`'{{ spec.env.DB_HOST }}'`, also inside text: `'http://{{ metadata.name }}:8080'`).
 * A template that is one expression keeps the value's type; mixed text becomes a string.
 */
export function evaluateFieldPath(root: unknown, fieldPath: string): unknown {
  const trimmed = fieldPath.trim();
  const whole = /^\{\{\s*([^}]+?)\s*\}\}$/.exec(trimmed);
  if (whole) return getAtPath(root, whole[1] as string);
  if (!trimmed.includes('{{')) return getAtPath(root, trimmed);
  let missing = false;
  const text = trimmed.replace(expression, (_, path: string) => {
    const value = getAtPath(root, path);
    if (value === undefined) missing = true;
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
  return missing ? undefined : text;
}

/** Replaces `{{ NAME }}` in every string of `value` with the named parameter, leaving unknown names in place. */
export function renderParameters<T>(value: T, parameters: Record<string, unknown>): T {
  if (typeof value === 'string') {
    const whole = /^\{\{\s*([^}]+?)\s*\}\}$/.exec(value);
    if (whole && (whole[1] as string) in parameters) return parameters[whole[1] as string] as T;
    return value.replace(expression, (match, name: string) => {
      if (!(name in parameters)) return match;
      const v = parameters[name];
      return typeof v === 'string' ? v : JSON.stringify(v);
    }) as T;
  }
  if (Array.isArray(value)) return value.map((v: unknown) => renderParameters(v, parameters)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderParameters(v, parameters)])) as T;
  }
  return value;
}

/** The application's parameterValues as `{{ }}` sees them: each by its name and, unless it has one, as `Global.NAME`. */
export function globalParameters(parameters: readonly { name: string; value?: unknown }[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const p of parameters) {
    values[p.name] = p.value ?? null;
    if (!p.name.startsWith('Global.')) values[`Global.${p.name}`] = p.value ?? null;
  }
  return values;
}
