import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { ESLint } from 'eslint';

// The architecture rules are only worth something if lint really refuses code that breaks them.
const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));

describe('workspace lint rules', () => {
  let eslint: ESLint;

  before(() => {
    // the module-boundary rule reads the project graph Nx caches
    execFileSync('npx', ['nx', 'show', 'projects'], {
      cwd: workspaceRoot,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
      stdio: 'ignore',
    });
    eslint = new ESLint({ cwd: workspaceRoot });
  });

  async function ruleIdsFor(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: `${workspaceRoot}${filePath}` });
    return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
  }

  it('refuses an app importing another app', async () => {
    const rules = await ruleIdsFor('apps/deploy/src/leak.ts', `import { x } from '@appmanager/sensor';\nexport const y = x;\n`);
    assert.ok(rules.includes('@nx/enforce-module-boundaries'), rules.join(', '));
  });

  it('refuses a framework import inside a domain/ folder', async () => {
    const rules = await ruleIdsFor(
      'libs/contracts/src/domain/rule.ts',
      `import { Injectable } from '@nestjs/common';\nexport const y = Injectable;\n`,
    );
    assert.ok(rules.includes('no-restricted-imports'), rules.join(', '));
  });

  it('refuses the test harness in production code', async () => {
    const rules = await ruleIdsFor(
      'libs/contracts/src/leak.ts',
      `import { freePort } from '@appmanager/testing';\nexport const y = freePort;\n`,
    );
    assert.ok(rules.includes('no-restricted-imports') || rules.includes('@nx/enforce-module-boundaries'), rules.join(', '));
  });

  it('refuses default exports', async () => {
    const rules = await ruleIdsFor('libs/contracts/src/thing.ts', `export default 42;\n`);
    assert.ok(rules.includes('no-restricted-syntax'), rules.join(', '));
  });

  it('accepts an app using a library', async () => {
    const rules = await ruleIdsFor(
      'apps/deploy/src/fine.ts',
      `import { parseSubject } from '@appmanager/contracts';\nexport const y = parseSubject;\n`,
    );
    assert.deepEqual(rules, []);
  });
});
