import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderEventsDoc } from '../events-doc.js';

// Writes docs/events.md; with --check, fails when the checked-in file is not what the contracts say.
const target = fileURLToPath(new URL('../../../../docs/events.md', import.meta.url));
const rendered = renderEventsDoc();

if (process.argv.includes('--check')) {
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current !== rendered) {
    console.error('docs/events.md is out of date: run `node libs/contracts/dist/bin/generate-events-doc.js`');
    process.exit(1);
  }
  console.log('docs/events.md is current');
} else {
  await writeFile(target, rendered);
  console.log(`wrote ${target}`);
}
