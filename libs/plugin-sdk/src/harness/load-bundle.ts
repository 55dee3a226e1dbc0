import { readFileSync } from 'node:fs';
import { evaluateBundle } from './evaluate-bundle.js';
import type { PluginModule } from './plugin-harness.js';

export interface BundleLoader {
  /** The compiled bundle `<name>.cjs`, exactly the file the package ships and the sandbox loads. */
  bundleSource(name: string): string;
  /** The bundle loaded as a module for the harness; refuses one that would require() at run time. */
  loadBundle(name: string): PluginModule;
}

/**
 * For a plug-in package's tests: loads its compiled bundles from `definitionsDir`, e.g.
 * `bundleLoader(new URL('../definitions/', import.meta.url))`.
 */
export function bundleLoader(definitionsDir: URL): BundleLoader {
  const bundleSource = (name: string) => readFileSync(new URL(`${name}.cjs`, definitionsDir), 'utf8');
  return {
    bundleSource,
    loadBundle(name) {
      const source = bundleSource(name);
      // A require() would fail in the sandbox: a bundle must be one self-contained script.
      if (/\brequire\s*\(/.test(source)) throw new Error(`${name} bundle imports something at run time`);
      return evaluateBundle(source);
    },
  };
}
