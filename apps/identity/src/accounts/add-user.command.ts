import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { hashPassword } from './password-hash.js';
import type { User } from './user-directory.js';

export const ADD_USER_USAGE = 'identity add-user --file <users.json> --username <name> --role <role> [--role ...] [--password-stdin]';

/**
 * Adds a user to a users file (made with mode 0600 when missing), or gives an existing one new roles and
 * password. Without --password-stdin it makes a password and prints it on stdout: the only time it is shown.
 */
export async function addUserCommand(args: string[], stdin: () => Promise<string>): Promise<string | undefined> {
  const { values } = parseArgs({
    args,
    options: {
      file: { type: 'string' },
      username: { type: 'string' },
      role: { type: 'string', multiple: true },
      'password-stdin': { type: 'boolean' },
    },
  });
  if (!values.file || !values.username || !values.role?.length) throw new Error(`usage: ${ADD_USER_USAGE}`);
  const made = values['password-stdin'] ? undefined : randomBytes(18).toString('base64url');
  const password = made ?? (await stdin()).replace(/\r?\n$/, '');
  if (password.length < 8) throw new Error('a password has at least 8 characters');
  const file = existsSync(values.file) ? (JSON.parse(await readFile(values.file, 'utf8')) as { users: User[] }) : { users: [] };
  const user: User = { username: values.username, passwordHash: await hashPassword(password), roles: values.role };
  const users = [...file.users.filter((u) => u.username !== user.username), user];
  await writeFile(values.file, `${JSON.stringify({ users }, null, 2)}\n`, { mode: 0o600 });
  return made;
}
