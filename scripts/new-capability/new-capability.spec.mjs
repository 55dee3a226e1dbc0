import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { capabilityFiles, capabilityNames, singularOf } from './capability.templates.mjs';
import { newCapability } from './new-capability.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

function generatedSources(app, name) {
  return Object.keys(capabilityFiles(capabilityNames(name, { app, schema: app }), 1))
    .filter((path) => !/\.(int-)?spec\.ts$/.test(path))
    .map((path) => path.replace(/^(outbound\/migrations\/)\d+-/, '$1<timestamp>-'))
    .sort();
}

describe('new:capability', () => {
  // the build service's first skeleton (build-tasks) grew into its real capabilities with issue 12: the layout is
  // now held against STYLE.md's tree, a file per role in the folder that role belongs in
  it('lays out a capability as STYLE.md does: module, domain, application, inbound, outbound with its migration', () => {
    assert.deepEqual(generatedSources('build', 'build-tasks'), [
      'application/build-task.repository.ts',
      'application/list-build-tasks.use-case.ts',
      'build-tasks.module.ts',
      'domain/build-task.ts',
      'inbound/build-task.controller.ts',
      'inbound/build-task.view.ts',
      'outbound/build-task.entity.ts',
      'outbound/migrations/<timestamp>-create-build-task.migration.ts',
      'outbound/typeorm-build-task.repository.ts',
    ]);
  });

  it('names one of a capability from its plural, and refuses a name that is not one', () => {
    assert.equal(singularOf('build-tasks'), 'build-task');
    assert.equal(singularOf('policies'), 'policy');
    assert.throws(() => singularOf('inventory'), /does not read as a plural/);
  });

  it('refuses a capability that exists and a name that is not kebab-case, writing nothing', () => {
    const appsDir = mkdtempSync(join(tmpdir(), 'new-capability-'));
    try {
      mkdirSync(join(appsDir, 'shop', 'src', 'orders'), { recursive: true });
      writeFileSync(join(appsDir, 'shop', 'src', 'orders', 'keep.txt'), 'mine');
      assert.throws(() => newCapability({ app: 'shop', name: 'orders', appsDir }), /exists already/);
      assert.deepEqual(readdirSync(join(appsDir, 'shop', 'src', 'orders')), ['keep.txt']);
      assert.throws(() => newCapability({ app: 'shop', name: 'Orders', appsDir }), /kebab-case/);
      assert.throws(() => newCapability({ app: 'nowhere', name: 'orders', appsDir }), /no app at/);
    } finally {
      rmSync(appsDir, { recursive: true, force: true });
    }
  });

  it('puts the table in the schema the service definition names', () => {
    const appsDir = mkdtempSync(join(tmpdir(), 'new-capability-'));
    try {
      mkdirSync(join(appsDir, 'plugin-registry', 'src'), { recursive: true });
      writeFileSync(join(appsDir, 'plugin-registry', 'src', 'plugin-registry.service.ts'), "const schema = 'plugin_registry';\n");
      const { folder, paths } = newCapability({ app: 'plugin-registry', name: 'mirrors', appsDir, timestamp: 1 });
      const migration = readdirSync(join(folder, 'outbound', 'migrations'));
      assert.deepEqual(migration, ['1-create-mirror.migration.ts']);
      assert.ok(paths.includes('mirrors.module.ts'));
      assert.match(
        capabilityFiles(capabilityNames('mirrors', { app: 'plugin-registry', schema: 'plugin_registry' }), 1)[
          'outbound/migrations/1-create-mirror.migration.ts'
        ],
        /CREATE TABLE plugin_registry\.mirror \(/,
      );
    } finally {
      rmSync(appsDir, { recursive: true, force: true });
    }
  });
});
