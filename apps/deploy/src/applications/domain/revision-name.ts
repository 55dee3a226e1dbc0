import { type ApplicationProblem } from './application-invalid.error.js';

export interface RevisionName {
  type: string;
  name: string;
  /** null for `_`: the version comes from the app package. */
  version: string | null;
}

/** Parses AppManager's `TYPE|NAME|VERSION` (VERSION may be `_`; add-on NAME is `addonId@addonName`). */
export function parseRevisionName(text: string, path: string): RevisionName | ApplicationProblem {
  const parts = text.split('|');
  if (parts.length === 1 && /^[A-Z][A-Z0-9_]*$/.test(text)) {
    return {
      path,
      problem: `"${text}" is a bare component type: in AppManager that is a deploy-config template merged into every ${text} component of an application, not a component that deploys by itself`,
    };
  }
  if (parts.length !== 3 || parts.some((p) => p.trim() === '')) {
    return { path, problem: `"${text}" is not TYPE|NAME|VERSION (use _ for the packaged version)` };
  }
  const [type, name, version] = parts as [string, string, string];
  return { type, name, version: version === '_' ? null : version };
}

/** Parses a dependency reference `TYPE|NAME` (a trailing `|VERSION` is tolerated and ignored). */
export function parseComponentRef(text: string, path: string): { type: string; name: string } | ApplicationProblem {
  const parts = text.split('|');
  if (parts.length < 2 || parts.length > 3 || parts.slice(0, 2).some((p) => p.trim() === '')) {
    return { path, problem: `"${text}" is not TYPE|NAME` };
  }
  return { type: parts[0] as string, name: parts[1] as string };
}

export function isProblem(value: object): value is ApplicationProblem {
  return 'problem' in value && 'path' in value;
}
