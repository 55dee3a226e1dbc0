import { parse as parseYaml } from 'yaml';
import { type ApplicationProblem, ApplicationInvalidError } from './application-invalid.error.js';
import { type ApplicationModel } from './application.model.js';
import { parseApplicationConfiguration } from './application-configuration.parser.js';
import { parseNativeApplication } from './native-application.parser.js';

/** Accepts either dialect, as YAML/JSON text or as an object, and picks the parser by `kind`. */
export function parseApplication(input: string | unknown): ApplicationModel {
  const doc = typeof input === 'string' ? parseApplicationText(input) : input;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new ApplicationInvalidError([{ path: '', problem: 'expected an object with apiVersion, kind, metadata and spec' }]);
  }
  const kind = (doc as { kind?: unknown }).kind;
  if (kind === 'ApplicationConfiguration') return parseApplicationConfiguration(doc);
  if (kind === 'Application') return parseNativeApplication(doc);
  throw new ApplicationInvalidError([
    {
      path: 'kind',
      problem: `expected "ApplicationConfiguration" (core.oam.dev/v1alpha2) or "Application" (appmanager.io/v1), got ${JSON.stringify(kind ?? null)}`,
    },
  ]);
}

/** YAML or JSON text as a document, or ApplicationInvalidError saying why not (an unquoted template among them). */
export function parseApplicationText(text: string): unknown {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ApplicationInvalidError([{ path: '', problem: `not valid YAML or JSON: ${message}` }]);
  }
  const unquoted = unquotedTemplates(doc, '');
  if (unquoted.length > 0) throw new ApplicationInvalidError(unquoted);
  return doc;
}

/**
 * An unquoted `{{ x }}` is a YAML flow mapping (`{ "{ x }": null }`), so a template file that was never rendered
 * fails later with "expected string, received object". Say what it is instead.
 */
function unquotedTemplates(value: unknown, path: string): ApplicationProblem[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => unquotedTemplates(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const entries = Object.entries(value);
  if (entries.length === 1 && /^\{.*\}$/.test(entries[0]?.[0] ?? '') && entries[0]?.[1] === null) {
    const expression = `{${entries[0]?.[0]}}`;
    return [
      {
        path,
        problem: `an unquoted template ${expression}: YAML reads it as a mapping; quote it ('${expression}') or render the file first`,
      },
    ];
  }
  return entries.flatMap(([k, v]) => unquotedTemplates(v, path ? `${path}.${k}` : k));
}
