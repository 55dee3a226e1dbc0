import type { NatsUserPermissions, SubjectPermission } from './nats-permissions.js';

/** A password the server reads from its environment when it loads the config (nats-server's `$VARIABLE`). */
export interface PasswordFromEnv {
  env: string;
}

/**
 * The `authorization { users = [...] }` block of a nats-server config. `passwords` holds what the server compares
 * against, per user: a bcrypt hash (`$2a$…`, which nats-server recognises), the plain password, or an environment
 * variable to read it from.
 */
export function renderNatsAuthorization(
  permissions: Record<string, NatsUserPermissions>,
  passwords: Record<string, string | PasswordFromEnv>,
): string {
  const users = Object.entries(permissions).map(([user, granted]) => {
    const password = passwords[user];
    if (!password) throw new Error(`no password for NATS user "${user}"`);
    const lines = [
      `    user: ${quote(user)}`,
      `    password: ${typeof password === 'string' ? quote(password) : `$${password.env}`}`,
      '    permissions: {',
      `      publish: ${subjects(granted.publish)}`,
      `      subscribe: ${subjects(granted.subscribe)}`,
      ...(granted.allowResponses ? ['      allow_responses: true'] : []),
      '    }',
    ];
    return `  {\n${lines.join('\n')}\n  }`;
  });
  return `authorization {\n  users = [\n${users.join(',\n')}\n  ]\n}\n`;
}

/** One subject a line, so a diff of the generated file shows which permission changed. */
function subjects(permission: SubjectPermission): string {
  const list = (name: string, values: string[]) =>
    `        ${name}: [\n${values.map((value) => `          ${quote(value)}`).join(',\n')}\n        ]`;
  const lists = [list('allow', permission.allow), ...(permission.deny?.length ? [list('deny', permission.deny)] : [])];
  return `{\n${lists.join('\n')}\n      }`;
}

/** JSON quoting is valid nats-server config quoting, and keeps a `$` from being read as a variable. */
const quote = (value: string) => JSON.stringify(value);

/** `plugin-registry` → `NATS_PASSWORD_PLUGIN_REGISTRY`: the variable a deployment keeps a user's password in. */
export function natsPasswordVariable(user: string): string {
  return `NATS_PASSWORD_${user.toUpperCase().replace(/-/g, '_')}`;
}
