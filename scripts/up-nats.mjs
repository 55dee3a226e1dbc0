// NATS for `npm run up`: one user per service and one for an outside system (ADR 0014), their subject permissions
// generated from libs/contracts, passwords made once per checkout into .run/nats-users.json (mode 600) and only
// their bcrypt hashes written into the server's config, .run/nats.conf.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import bcrypt from 'bcryptjs';
import { natsPermissions, outsideInboxPrefix, outsideUser, renderNatsAuthorization } from '@appmanager/contracts';

/** Passwords per NATS user, made once; a user the contracts add later gets one the next time. */
export function natsPasswords(runDir) {
  const file = join(runDir, 'nats-users.json');
  const stored = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const passwords = Object.fromEntries(
    Object.keys(natsPermissions()).map((user) => [user, stored[user] ?? randomBytes(24).toString('base64url')]),
  );
  writeFileSync(file, `${JSON.stringify(passwords, null, 2)}\n`, { mode: 0o600 });
  return { file, passwords };
}

/** The whole server config: where it listens, its JetStream store, and the users. */
export function writeNatsConfig(runDir, port, storeDir, passwords) {
  const hashes = Object.fromEntries(Object.entries(passwords).map(([user, password]) => [user, bcrypt.hashSync(password, 10)]));
  const file = join(runDir, 'nats.conf');
  const config = [
    '# Written by scripts/up.mjs from libs/contracts (ADR 0014); passwords are in nats-users.json.',
    `listen: "127.0.0.1:${port}"`,
    `jetstream { store_dir: ${JSON.stringify(storeDir)} }`,
    renderNatsAuthorization(natsPermissions(), hashes),
  ].join('\n');
  writeFileSync(file, config, { mode: 0o600 });
  return file;
}

/** `nats://<user>:<password>@127.0.0.1:<port>`: how a service is told who it is (NATS_URL). */
export function natsUrlOf(port, user, passwords) {
  return `nats://${encodeURIComponent(user)}:${encodeURIComponent(passwords[user])}@127.0.0.1:${port}`;
}

/**
 * A NATS already on the port is reused only when it is ours: it refuses a client without credentials and
 * accepts deploy's. Anything else (an open server, another checkout's) is named, never silently used.
 */
export async function checkRunningNats(port, passwords) {
  const servers = `nats://127.0.0.1:${port}`;
  const open = await connect({ servers, reconnect: false, timeout: 2_000 }).then(
    (nc) => nc.close().then(() => true),
    () => false,
  );
  if (open) throw new Error(`a NATS without users is listening on ${port} (not started by npm run up); stop it or set AM_NATS_PORT`);
  await connect({ servers, user: 'deploy', pass: passwords.deploy, reconnect: false, timeout: 2_000 }).then(
    (nc) => nc.close(),
    (error) => {
      throw new Error(`the NATS on ${port} refuses this checkout's users (${error.message}); stop it or set AM_NATS_PORT`);
    },
  );
}

/** What `npm run up` prints for an outside system (CI, ticketing). */
export function outsideCredentialsLines(port, passwords, file) {
  return [
    `  outside system    nats://127.0.0.1:${port}  user ${outsideUser}  password ${passwords[outsideUser]}`,
    `                    inboxPrefix ${outsideInboxPrefix}; may publish the launch and resume commands only (all users: ${file})`,
  ];
}
