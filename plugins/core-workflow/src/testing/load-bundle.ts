import { readFileSync } from 'node:fs';
import { evaluateBundle, type PluginModule } from '@appmanager/plugin-sdk';

/** The compiled bundle, exactly the file the package ships and the sandbox loads. */
export function bundleSource(name: string): string {
  return readFileSync(new URL(`../definitions/${name}.cjs`, import.meta.url), 'utf8');
}

export function loadBundle(name: string): PluginModule {
  const source = bundleSource(name);
  // A require() would fail in the sandbox: a bundle must be one self-contained script.
  if (/\brequire\s*\(/.test(source)) throw new Error(`${name} bundle imports something at run time`);
  return evaluateBundle(source);
}
