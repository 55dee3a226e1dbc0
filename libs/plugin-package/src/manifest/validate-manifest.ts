import { KIND_CAPABILITIES, type CapabilityName } from '@appmanager/plugin-sdk';
import { Ajv2020 } from 'ajv/dist/2020.js';
import semver from 'semver';
import type { $ZodIssue } from 'zod/v4/core';
import { PluginPackageError, type PackageProblem } from '../errors.js';
import { PACKAGE_MANIFEST_SCHEMA } from './manifest.schema.js';
import type { PackageManifest } from './package-manifest.types.js';

/**
 * The one manifest check (registry upload, `amctl plugin pack`, built-in install): returns it typed, or throws a PluginPackageError listing every problem with
 * its path (`definitions[1].propertiesSchema: not a valid JSON Schema (...)`), so an author fixes them
 * all in one go.
 */
export function validateManifest(value: unknown): PackageManifest {
  const parsed = PACKAGE_MANIFEST_SCHEMA.safeParse(value);
  if (!parsed.success) throw new PluginPackageError('BAD_MANIFEST', parsed.error.issues.map(toProblem));
  const manifest = parsed.data as PackageManifest;
  const problems: PackageProblem[] = [];
  if (!semver.valid(manifest.version)) problems.push({ path: 'version', message: `"${manifest.version}" is not a semver version` });
  const seen = new Map<string, number>();
  manifest.definitions.forEach((definition, index) => {
    const at = `definitions[${index}]`;
    // a type and its aliases share one name space per kind: each name must resolve to one definition
    const names: Array<[string, string]> = [
      [definition.type, `${at}.type`],
      ...(definition.aliases ?? []).map((a, i): [string, string] => [a, `${at}.aliases[${i}]`]),
    ];
    for (const [name, path] of names) {
      const id = `${definition.kind}/${name}`;
      const first = seen.get(id);
      if (first !== undefined) problems.push({ path, message: `${id} is already defined by definitions[${first}]` });
      else seen.set(id, index);
    }
    for (const field of ['propertiesSchema', 'outputsSchema'] as const) {
      const schema = definition[field];
      if (schema === undefined) continue;
      const error = schemaError(schema);
      if (error) problems.push({ path: `${at}.${field}`, message: `not a valid JSON Schema (${error})` });
    }
    const allowed = new Set<string>(KIND_CAPABILITIES[definition.kind]);
    for (const [name, wanted] of Object.entries(definition.capabilities) as Array<[CapabilityName, unknown]>) {
      if (wanted && !allowed.has(name)) {
        problems.push({ path: `${at}.capabilities.${name}`, message: `${definition.kind} plug-ins cannot have the "${name}" capability` });
      }
    }
    (definition.capabilities.http?.allow ?? []).forEach((prefix, i) => {
      if (!URL.canParse(prefix)) problems.push({ path: `${at}.capabilities.http.allow[${i}]`, message: `"${prefix}" is not a URL` });
    });
  });
  if (problems.length > 0) throw new PluginPackageError('BAD_MANIFEST', problems);
  return manifest;
}

function schemaError(schema: Record<string, unknown>): string | undefined {
  try {
    // A fresh Ajv per schema: two definitions may reuse an `$id`, which one instance would refuse.
    // strict: false so vendor keywords (x-kubernetes-*) do not refuse a schema.
    new Ajv2020({ strict: false }).compile(schema);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function toProblem(issue: $ZodIssue): PackageProblem {
  return { path: formatPath(issue.path), message: issue.message };
}

/** `['definitions', 1, 'kind']` -> `definitions[1].kind`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}
