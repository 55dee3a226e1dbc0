import { parse as parseYaml } from 'yaml';
import { ApplicationInvalidError } from './application-invalid.error.js';
import { type ApplicationModel } from './application.model.js';
import { parseApplicationConfiguration } from './application-configuration.parser.js';
import { parseNativeApplication } from './native-application.parser.js';

/** Accepts either dialect, as YAML/JSON text or as an object, and picks the parser by `kind`. */
export function parseApplication(input: string | unknown): ApplicationModel {
  const doc = typeof input === 'string' ? parseText(input) : input;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new ApplicationInvalidError([{ path: '', problem: 'expected an object with apiVersion, kind, metadata and spec' }]);
  }
  const kind = (doc as { kind?: unknown }).kind;
  if (kind === 'ApplicationConfiguration') return parseApplicationConfiguration(doc);
  if (kind === 'Application') return parseNativeApplication(doc);
  throw new ApplicationInvalidError([
    { path: 'kind', problem: `expected "ApplicationConfiguration" (core.oam.dev/v1alpha2) or "Application" (appmanager.io/v1), got ${JSON.stringify(kind ?? null)}` },
  ]);
}

function parseText(text: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ApplicationInvalidError([{ path: '', problem: `not valid YAML or JSON: ${message}` }]);
  }
}
