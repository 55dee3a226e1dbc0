// No import cycles: between files of any app or lib (madge --circular), and between the capability
// folders of one app (`apps/<app>/src/<capability>/`): a folder cycle means two capabilities cannot be
// understood, tested or moved apart, even when no single file cycle exists. Madge parses the imports
// (type-only ones too, since they couple the folders as much); this script only folds files into
// folders and looks for strongly connected components. Test files (`*.spec.ts`, `*.int-spec.ts`) and
// test-support folders may reach anywhere, so they are left out of the folder graph.
// Usage: node scripts/check-import-cycles.mjs [dir ...]   (default: every apps/*/src and libs/*/src)
import { globSync } from 'node:fs';
import { join } from 'node:path';
import madge from 'madge';

const root = new URL('..', import.meta.url).pathname;
const dirs = process.argv.length > 2 ? process.argv.slice(2) : globSync(['apps/*/src', 'libs/*/src'], { cwd: root }).sort();
const testOnly = /\.(int-)?spec\.ts$|(^|\/)(testing|e2e|bench|conformance)\//;

const problems = [];
for (const dir of dirs) {
  const result = await madge(join(root, dir), {
    fileExtensions: ['ts'],
    tsConfig: join(root, 'tsconfig.base.json'),
    excludeRegExp: [/\.d\.ts$/],
  });
  for (const cycle of result.circular()) problems.push(`${dir}: file cycle ${[...cycle, cycle[0]].join(' -> ')}`);
  if (dir.startsWith('apps/')) for (const cycle of folderCycles(result.obj())) problems.push(`${dir}: folder cycle ${cycle}`);
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(
    `${problems.length} import cycle(s); break each by moving what both sides need to the folder whose job it is, or by a port in the lower folder`,
  );
  process.exit(1);
}
console.log(`no import cycles in ${dirs.length} source trees (files, and capability folders of each app)`);

/** Folds a file graph (paths relative to src) into capability folders and names each cycle with one import per edge. */
function folderCycles(files) {
  const folderOf = (file) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : null);
  const edges = new Map(); // folder -> Map(folder -> 'a.ts imports b.ts')
  for (const [from, imports] of Object.entries(files)) {
    const source = folderOf(from);
    if (source === null || testOnly.test(from)) continue; // the composition root (src/*.ts) wires every folder by design
    for (const to of imports) {
      const target = folderOf(to);
      if (target === null || target === source) continue;
      if (!edges.has(source)) edges.set(source, new Map());
      if (!edges.get(source).has(target)) edges.get(source).set(target, `${from} imports ${to}`);
    }
  }
  return stronglyConnected(edges)
    .filter((component) => component.length > 1)
    .map((component) => {
      const inside = new Set(component);
      const witnesses = component.flatMap((a) =>
        [...(edges.get(a) ?? [])].filter(([b]) => inside.has(b)).map(([b, why]) => `  ${a} -> ${b}: ${why}`),
      );
      return `${component.join(' <-> ')}\n${witnesses.join('\n')}`;
    });
}

/** Tarjan's algorithm; graphs here have a dozen nodes, so recursion depth is no concern. */
function stronglyConnected(edges) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  const visit = (v) => {
    index.set(v, index.size);
    low.set(v, index.get(v));
    stack.push(v);
    onStack.add(v);
    for (const w of (edges.get(v) ?? new Map()).keys()) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      components.push(component.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);
  return components;
}
