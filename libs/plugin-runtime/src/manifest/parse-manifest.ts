import { KIND_CAPABILITIES, type CapabilityName, type JsonSchema, type PluginManifest } from '@appmanager/plugin-sdk';
import semver from 'semver';
import { SchemaValidator } from '../output/schema-validator.js';
import { MANIFEST_SCHEMA } from './manifest.schema.js';

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
  constructor(readonly problems: string[]) {
    super(`invalid plug-in manifest: ${problems.join('; ')}`);
  }
}

const validator = new SchemaValidator();

/**
 * Checks a manifest as the registry receives it: structure, semver version, unique (kind, type),
 * property/output schemas that compile, and capabilities the kind may have. Throws a ManifestError
 * naming every problem found.
 */
export function parsePluginManifest(value: unknown): PluginManifest {
  const structural = validator.problems(MANIFEST_SCHEMA as unknown as JsonSchema, value);
  if (structural) throw new ManifestError([structural]);
  const manifest = value as PluginManifest;
  const problems: string[] = [];
  if (!semver.valid(manifest.version)) problems.push(`version "${manifest.version}" is not semver`);
  const seen = new Set<string>();
  manifest.definitions.forEach((definition, index) => {
    const where = `definitions[${index}] (${definition.kind} ${definition.type})`;
    const id = `${definition.kind}/${definition.type}`;
    if (seen.has(id)) problems.push(`${where} is defined twice`);
    seen.add(id);
    for (const [name, schema] of [['propertiesSchema', definition.propertiesSchema], ['outputsSchema', definition.outputsSchema]] as const) {
      if (!schema) continue;
      try {
        validator.compile(schema);
      } catch (error) {
        problems.push(`${where} ${name} is not a valid JSON Schema: ${(error as Error).message}`);
      }
    }
    const allowed = new Set<CapabilityName>(KIND_CAPABILITIES[definition.kind]);
    for (const [name, wanted] of Object.entries(definition.capabilities) as Array<[CapabilityName, unknown]>) {
      if (wanted && !allowed.has(name)) problems.push(`${where} asks for "${name}", which ${definition.kind} plug-ins cannot have`);
    }
    for (const prefix of definition.capabilities.http?.allow ?? []) {
      if (!URL.canParse(prefix)) problems.push(`${where} http.allow entry "${prefix}" is not a URL`);
    }
  });
  if (problems.length > 0) throw new ManifestError(problems);
  return manifest;
}
