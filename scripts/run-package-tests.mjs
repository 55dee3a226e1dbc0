// Runs one package's compiled tests (dist/**/*.spec.js, *.int-spec.js) with node's test runner.
// Used by each package's `test` script, so `nx run <project>:test` and `nx affected -t test` work.
import { spawnSync } from 'node:child_process';
import { globSync } from 'node:fs';

const files = globSync(['dist/**/*.spec.js', 'dist/**/*.int-spec.js'], { cwd: process.cwd() });
if (files.length === 0) {
  console.log('no tests in this package');
  process.exit(0);
}
const result = spawnSync(process.execPath, ['--test', ...process.argv.slice(2), ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
