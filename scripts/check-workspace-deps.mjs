// Every `@appmanager/x` a package imports must be declared twice: in its package.json (so npm links
// it) and as a tsconfig project reference (so `tsc -b` builds x first). A missing reference builds
// on a warm tree and fails on a clean clone, so this check runs before every build.
// `--fix` adds what is missing.
import { globSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const fix = process.argv.includes('--fix');
const root = new URL('..', import.meta.url).pathname;
const packages = new Map();
for (const file of globSync(['libs/*/package.json', 'apps/*/package.json', 'plugins/*/package.json'], { cwd: root })) {
  const pkg = JSON.parse(readFileSync(join(root, file), 'utf8'));
  packages.set(pkg.name, dirname(file));
}

const problems = [];
for (const [name, dir] of packages) {
  const sources = globSync(`${dir}/src/**/*.{ts,cts,mts}`, { cwd: root });
  const prodImports = new Set();
  const testImports = new Set();
  for (const source of sources) {
    const text = readFileSync(join(root, source), 'utf8');
    const isTest = /\.(int-)?spec\.ts$|\/bench\/|\/e2e\/|\/testing\//.test(source);
    for (const match of text.matchAll(/^(?:import|export)\b[^;]*?from\s+'(@appmanager\/[a-z0-9-]+)'/gm)) {
      if (match[1] !== name) (isTest ? testImports : prodImports).add(match[1]);
    }
  }
  const pkgFile = join(root, dir, 'package.json');
  const tsFile = join(root, dir, 'tsconfig.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  const ts = JSON.parse(readFileSync(tsFile, 'utf8'));
  const refs = new Set((ts.references ?? []).map((r) => join(dir, r.path)));
  let changed = false;
  for (const dep of [...prodImports, ...testImports]) {
    const depDir = packages.get(dep);
    if (!depDir) {
      problems.push(`${dir}: imports ${dep}, which is no package of this workspace`);
      continue;
    }
    const declared = pkg.dependencies?.[dep] ?? pkg.devDependencies?.[dep];
    if (!declared) {
      problems.push(`${dir}/package.json: ${dep} is imported but not declared`);
      const field = prodImports.has(dep) ? 'dependencies' : 'devDependencies';
      pkg[field] = { ...(pkg[field] ?? {}), [dep]: '*' };
      changed = true;
    }
    if (!refs.has(depDir)) {
      problems.push(`${dir}/tsconfig.json: no project reference to ${depDir} (imported as ${dep})`);
      ts.references = [...(ts.references ?? []), { path: relative(dir, depDir) }];
      refs.add(depDir);
      changed = true;
    }
  }
  if (fix && changed) {
    writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
    writeFileSync(tsFile, `${JSON.stringify(ts, null, 2)}\n`);
  }
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  if (!fix) {
    console.error(`\n${problems.length} undeclared workspace import(s); run: node scripts/check-workspace-deps.mjs --fix`);
    process.exit(1);
  }
  console.log(`fixed ${problems.length} declaration(s)`);
} else {
  console.log(`workspace imports declared (${packages.size} packages)`);
}
