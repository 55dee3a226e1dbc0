import type { PluginModule } from './plugin-harness.js';

/**
 * Loads a bundled plug-in (the exact file the platform would load) as a module for the harness.
 * For tests only: this runs the bundle in Node, unsandboxed, with the same module conventions as the
 * sandbox (`module.exports`, `exports.x`, or top-level function declarations).
 */
export function evaluateBundle(source: string): PluginModule {
  const module = { exports: {} as Record<string, unknown> };
  const declared = new Function('module', 'exports', `${source}\n;return { ${collectDeclaredNames(source)} };`)(
    module,
    module.exports,
  ) as Record<string, unknown>;
  return { ...declared, ...module.exports };
}

/** Names of top-level-looking `function name(` declarations, so that bundle style works here too. */
function collectDeclaredNames(source: string): string {
  const names = new Set<string>();
  for (const match of source.matchAll(/^(?:async\s+)?function\s+([A-Za-z_$][\w$]*)\s*\(/gm)) names.add(match[1] as string);
  return [...names].map((n) => `${n}: typeof ${n} === 'function' ? ${n} : undefined`).join(', ');
}
