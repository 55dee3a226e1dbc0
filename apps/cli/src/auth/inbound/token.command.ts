import { deployUrl, UsageError, type CliIo } from '../../cli/cli-io.js';
import { printData, type OutputFormat } from '../../cli/output.js';
import { ServiceClient } from '../service.client.js';

interface TokenView {
  id: string;
  name: string;
  bindings: string[];
  createdBy: string;
  expiresAt: string;
  revokedAt?: string;
}

export interface TokenCreateOptions {
  name: string;
  role: string[];
  project?: string[];
  days?: string;
  url?: string;
}

const api = (url: string | undefined, io: CliIo) => new ServiceClient(deployUrl(url, io), 'deploy', io);

/** API tokens for CI and other systems (admin only): issued, listed and revoked on any service; deploy by default. */
export async function tokenCreateCommand(values: TokenCreateOptions, io: CliIo): Promise<number> {
  const days = values.days === undefined ? undefined : Number(values.days);
  if (days !== undefined && !Number.isInteger(days)) throw new UsageError(`--days: expected a whole number, not "${values.days}"`);
  const created = (await api(values.url, io).request('/v1/api-tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: values.name, roles: values.role, projects: values.project, expiresInDays: days }),
  })) as unknown as TokenView & { token: string };
  io.out(created.token);
  io.err(`API token ${created.id} "${created.name}" (${created.bindings.join(', ')}), expires ${created.expiresAt}: shown only now`);
  return 0;
}

export async function tokenListCommand(values: { url?: string; output: OutputFormat }, io: CliIo): Promise<number> {
  const { items } = (await api(values.url, io).request('/v1/api-tokens')) as { items: TokenView[] };
  printData(io, values.output, items, () => ({
    head: ['ID', 'NAME', 'ROLES', 'EXPIRES', 'STATE'],
    rows: items.map((t) => [t.id, t.name, t.bindings.join(','), t.expiresAt, t.revokedAt ? `revoked ${t.revokedAt}` : 'active']),
  }));
  return 0;
}

export async function tokenRevokeCommand(id: string, values: { url?: string }, io: CliIo): Promise<number> {
  const revoked = (await api(values.url, io).request(`/v1/api-tokens/${encodeURIComponent(id)}`, {
    method: 'DELETE',
  })) as unknown as TokenView;
  io.err(`API token ${revoked.id} "${revoked.name}" revoked at ${revoked.revokedAt}`);
  return 0;
}
