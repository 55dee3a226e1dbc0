import { packManifest, writeTarGz, type PackageManifest, type PackedPlugin } from '@appmanager/plugin-package';

export const ECHO_SCRIPT = `exports.render = function (input) {
  return { resources: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: input.component.name }, data: { image: input.properties.image } }] };
};
exports.apply = function () { return { applied: [] }; };
exports.status = function () { return { state: 'RUNNING' }; };
exports.destroy = function () { return { deleted: [] }; };
`;

export function aManifest(overrides: Partial<PackageManifest> = {}): PackageManifest {
  return {
    name: 'echo.appmanager.io',
    version: '1.0.0',
    description: 'echoes its image into a ConfigMap',
    definitions: [
      {
        kind: 'Component',
        type: 'echo',
        script: 'dist/echo.js',
        capabilities: { log: true },
        installRoles: ['admin'],
        propertiesSchema: { type: 'object', required: ['image'], properties: { image: { type: 'string' } } },
      },
    ],
    ...overrides,
  };
}

/** Packs a package the way `amctl plugin pack` does, from a temporary directory. */
export function aPackage(manifest: PackageManifest = aManifest(), script = ECHO_SCRIPT): Promise<PackedPlugin> {
  return packManifest(manifest, () => script);
}

/** An archive packPlugin would refuse to write: a manifest as given, unchecked. */
export function anUncheckedArchive(manifest: unknown, files: Record<string, string> = { 'dist/echo.js': ECHO_SCRIPT }): Promise<Buffer> {
  return writeTarGz(
    new Map([
      ['manifest.json', Buffer.from(JSON.stringify(manifest))],
      ...Object.entries(files).map(([p, c]) => [p, Buffer.from(c)] as [string, Buffer]),
    ]),
  );
}
