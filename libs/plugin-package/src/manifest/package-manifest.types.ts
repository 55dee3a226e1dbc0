import type { PluginDefinition, PluginManifest } from '@appmanager/plugin-sdk';

/**
 * A definition as shipped in a package: the SDK's definition plus the bundled script that implements it.
 * The script is a path inside the archive (`dist/microservice.component.js`), a classic script in the
 * SDK's guest module format.
 */
export interface PackagedDefinition extends PluginDefinition {
  script: string;
}

/** The manifest of a plug-in package (`plugin.yaml` or `manifest.json` at the archive root). */
export interface PackageManifest extends Omit<PluginManifest, 'definitions'> {
  definitions: PackagedDefinition[];
}

/** File names the manifest may have, in the order they are looked for. */
export const MANIFEST_FILE_NAMES = ['plugin.yaml', 'plugin.yml', 'manifest.json'] as const;
