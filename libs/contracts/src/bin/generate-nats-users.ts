import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { natsPermissions } from '../nats/nats-permissions.js';
import { natsPasswordVariable, renderNatsAuthorization } from '../nats/nats-server-config.js';

// Writes deploy/kubernetes/base/nats-users.conf, the users of a deployed NATS (docker-compose mounts it too), each
// password read from NATS_PASSWORD_<USER> in the server's environment; with --check, fails when it is not what the
// contracts say. `npm run up` renders its own, with bcrypt hashes (scripts/up-nats.mjs).
const target = fileURLToPath(new URL('../../../../deploy/kubernetes/base/nats-users.conf', import.meta.url));
const permissions = natsPermissions();
const passwords = Object.fromEntries(Object.keys(permissions).map((user) => [user, { env: natsPasswordVariable(user) }]));
const rendered = [
  '# Generated from libs/contracts by libs/contracts/dist/bin/generate-nats-users.js: do not edit (ADR 0014).',
  '# Include it from the NATS server config; the server reads each password from NATS_PASSWORD_<USER>.',
  renderNatsAuthorization(permissions, passwords),
].join('\n');

if (process.argv.includes('--check')) {
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current !== rendered) {
    console.error('deploy/kubernetes/base/nats-users.conf is out of date: run `node libs/contracts/dist/bin/generate-nats-users.js`');
    process.exit(1);
  }
  console.log('deploy/kubernetes/base/nats-users.conf is current');
} else {
  await writeFile(target, rendered);
  console.log(`wrote ${target}`);
}
