import { parseArgs } from 'node:util';
import { UsageError, deployUrl, type CliIo } from '../../cli/cli-io.js';
import { ServiceClient } from '../service.client.js';

export const TOKEN_USAGE = [
  'amctl token create --name <name> --role <role> [--role ...] [--project <p> ...] [--days 90]   (prints the token once)',
  'amctl token list [-o json]',
  'amctl token revoke <id>',
].join('\n  ');

interface TokenView {
  id: string;
  name: string;
  bindings: string[];
  createdBy: string;
  expiresAt: string;
  revokedAt?: string;
}

const api = (url: string | undefined, io: CliIo) => new ServiceClient(deployUrl(url, io), 'deploy', io);

/** API tokens for CI and other systems (admin only): issued, listed and revoked on any service; deploy by default. */
export async function tokenCreateCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      role: { type: 'string', multiple: true },
      project: { type: 'string', multiple: true },
      days: { type: 'string' },
      url: { type: 'string' },
    },
  });
  const days = values.days === undefined ? undefined : Number(values.days);
  if (positionals.length > 0 || !values.name || !values.role?.length || (days !== undefined && !Number.isInteger(days))) {
    throw new UsageError(TOKEN_USAGE);
  }
  const created = (await api(values.url, io).request('/v1/api-tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: values.name, roles: values.role, projects: values.project, expiresInDays: days }),
  })) as unknown as TokenView & { token: string };
  io.out(created.token);
  io.err(`API token ${created.id} "${created.name}" (${created.bindings.join(', ')}), expires ${created.expiresAt}: shown only now`);
  return 0;
}

export async function tokenListCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { url: { type: 'string' }, output: { type: 'string', short: 'o' } },
  });
  if (positionals.length > 0) throw new UsageError(TOKEN_USAGE);
  const { items } = (await api(values.url, io).request('/v1/api-tokens')) as { items: TokenView[] };
  if (values.output === 'json') {
    io.out(JSON.stringify(items));
    return 0;
  }
  const rows = [['ID', 'NAME', 'ROLES', 'EXPIRES', 'STATE']].concat(
    items.map((t) => [t.id, t.name, t.bindings.join(','), t.expiresAt, t.revokedAt ? `revoked ${t.revokedAt}` : 'active']),
  );
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows)
    io.out(
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    );
  return 0;
}

export async function tokenRevokeCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { url: { type: 'string' } } });
  if (positionals.length !== 1) throw new UsageError(TOKEN_USAGE);
  const revoked = (await api(values.url, io).request(`/v1/api-tokens/${encodeURIComponent(positionals[0]!)}`, {
    method: 'DELETE',
  })) as unknown as TokenView;
  io.err(`API token ${revoked.id} "${revoked.name}" revoked at ${revoked.revokedAt}`);
  return 0;
}
