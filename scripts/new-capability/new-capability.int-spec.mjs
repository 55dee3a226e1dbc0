import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { newCapability } from './new-capability.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

describe('new:capability, one real run', () => {
  // inside the repository, so the generated code resolves @appmanager/* and the tools as an app does
  let scratch;
  let app;
  before(() => {
    mkdirSync(join(root, '.run'), { recursive: true });
    scratch = mkdtempSync(join(root, '.run', 'new-capability-'));
    app = join(scratch, 'apps', 'shop');
    mkdirSync(join(app, 'src'), { recursive: true });
    writeFileSync(join(app, 'src', 'shop.service.ts'), "// persistence: { schema: 'shop' }\nexport {};\n");
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../../../tsconfig.base.json',
        compilerOptions: { rootDir: 'src', outDir: 'dist', tsBuildInfoFile: 'dist/.tsbuildinfo' },
        include: ['src/**/*.ts'],
      }),
    );
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('writes a capability that compiles under strict TypeScript, passes lint, and whose unit and integration tests pass', () => {
    const { paths } = newCapability({ app: 'shop', name: 'orders', appsDir: join(scratch, 'apps') });
    assert.ok(paths.includes('orders.module.ts'));
    execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(app, 'tsconfig.json')], { cwd: root, stdio: 'pipe' });
    execFileSync(
      join(root, 'node_modules/.bin/eslint'),
      ['--no-ignore', '--rule', '@nx/enforce-module-boundaries: off', join(app, 'src')],
      { cwd: root, stdio: 'pipe' },
    );
    const run = execFileSync(
      process.execPath,
      [
        '--test',
        '--test-reporter=tap',
        join(app, 'dist/orders/application/list-orders.use-case.spec.js'),
        join(app, 'dist/orders/orders.int-spec.js'),
      ],
      // without the runner's own marker, or the nested run reports to this one instead of to stdout
      { cwd: root, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, NODE_TEST_CONTEXT: undefined } },
    );
    assert.match(run, /# pass 3\n# fail 0/);
  });
});
