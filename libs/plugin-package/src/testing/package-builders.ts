import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { PackagedDefinition, PackageManifest } from '../manifest/package-manifest.types.js';

/** Test builders: a definition, a manifest, and a plug-in directory on disk. */
export function aDefinition(overrides: Partial<PackagedDefinition> = {}): PackagedDefinition {
  return {
    kind: 'Component',
    type: 'microservice',
    script: 'dist/microservice.js',
    propertiesSchema: { type: 'object', required: ['image'], properties: { image: { type: 'string' } } },
    capabilities: { kube: true, log: true },
    installRoles: ['admin'],
    ...overrides,
  };
}

export function aManifest(overrides: Partial<PackageManifest> = {}): PackageManifest {
  return { name: 'demo.appmanager.io', version: '1.2.3', description: 'A demo package', definitions: [aDefinition()], ...overrides };
}

export const DEMO_SCRIPT = 'exports.render = function (input) { return { resources: [] }; };\n';

/** Writes a plug-in directory (manifest as YAML plus the given files) and returns its path. */
export async function aPluginDir(
  manifest: unknown = aManifest(),
  files: Record<string, string> = { 'dist/microservice.js': DEMO_SCRIPT },
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'am-plugin-'));
  await writeFile(join(dir, 'plugin.yaml'), stringify(manifest));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}
