#!/usr/bin/env node
// npm run new:capability -- <app> <name> [--singular <one>] [--apps-dir <dir>]
// Lays out apps/<app>/src/<name>/ as docs/ARCHITECTURE.md ("Inside a service") says: module, inbound/, application/, domain/,
// outbound/ with a list endpoint end to end, a unit and an integration test that pass as written.
// Refuses a capability that exists. Wiring it into the service stays a deliberate, printed step.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { capabilityFiles, capabilityNames } from './capability.templates.mjs';

const kebab = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Writes the capability; returns the paths written. Throws (writing nothing) when it cannot. */
export function newCapability({ app, name, singular, appsDir, timestamp = Date.now() }) {
  for (const [what, value] of [
    ['app', app],
    ['name', name],
  ]) {
    if (!kebab.test(value ?? '')) throw new Error(`${what} "${value ?? ''}" must be kebab-case, e.g. build-tasks`);
  }
  const src = join(appsDir, app, 'src');
  if (!existsSync(src)) throw new Error(`no app at ${src}`);
  const folder = join(src, name);
  if (existsSync(folder)) throw new Error(`${relative(process.cwd(), folder)} exists already: pick another name`);
  const names = capabilityNames(name, { singular, schema: schemaOf(src, app), app });
  const files = Object.entries(capabilityFiles(names, timestamp));
  for (const [path, content] of files) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), content, { flag: 'wx' });
  }
  return { folder, names, paths: files.map(([path]) => path) };
}

/** The app's Postgres schema, as its service definition names it (the table lives there). */
function schemaOf(src, app) {
  const definition = join(src, `${app}.service.ts`);
  const text = existsSync(definition) ? readFileSync(definition, 'utf8') : '';
  return /schema(?:\s*=|:)\s*'([a-z_][a-z0-9_]*)'/.exec(text)?.[1] ?? app.replaceAll('-', '_');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { singular: { type: 'string' }, 'apps-dir': { type: 'string' } },
  });
  const [app, name] = positionals;
  try {
    const { folder, names, paths } = newCapability({
      app,
      name,
      singular: values.singular,
      appsDir: resolve(values['apps-dir'] ?? join(root, 'apps')),
    });
    console.log(`wrote ${relative(process.cwd(), folder)}/\n${paths.map((path) => `  ${path}`).join('\n')}`);
    const migration = paths.find((path) => path.startsWith('outbound/migrations/'));
    console.log(
      `\nnext: import ${names.Plural}Module in ${app}.module.ts, and add ${names.One}Entity and the migration in ${migration} to persistence in ${app}.service.ts`,
    );
  } catch (error) {
    console.error(`new:capability: ${error.message}`);
    process.exitCode = 1;
  }
}
