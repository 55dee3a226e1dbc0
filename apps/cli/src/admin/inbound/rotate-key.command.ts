import { Option, type Command } from 'commander';
import { authorizedFetch } from '../../auth/credentials.js';
import type { CliIo } from '../../cli/cli-io.js';
import { action, type CommandContext } from '../../cli/command-context.js';

/** Where each service keeping secrets at rest listens by default (`npm run up`), and its variable for another. */
const SERVICES: Record<string, { url: string; env: string; keys: string }> = {
  deploy: { url: 'http://127.0.0.1:3002', env: 'AMCTL_DEPLOY', keys: 'DEPLOY_SECRETS_KEYS' },
  addon: { url: 'http://127.0.0.1:3003', env: 'AMCTL_ADDON', keys: 'ADDON_SECRETS_KEYS' },
};

/**
 * Re-seals a service's secrets at rest with the first key of its key list (restart it with the new key first and
 * the old one kept), then says whether the old key can go. Exit 0 when every secret is under the current key.
 */
export async function rotateKeyCommand(values: { service: 'deploy' | 'addon'; url?: string }, io: CliIo): Promise<number> {
  const service = SERVICES[values.service]!;
  const base = (values.url ?? io.env[service.env] ?? service.url).replace(/\/+$/, '');
  const response = await authorizedFetch(io, `${base}/v1/admin/keys:rotate`, { method: 'POST' });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    io.err(`${values.service}: ${response.status} ${String(body['message'] ?? response.statusText)}`);
    return 1;
  }
  const total = Number(body['clusters'] ?? body['instances'] ?? 0);
  io.out(`${values.service}: ${Number(body['resealed'])} of ${total} re-sealed with key "${String(body['currentKeyId'])}"`);
  io.err(`every secret is under "${String(body['currentKeyId'])}": the other keys of ${service.keys} can be dropped`);
  return 0;
}

export function registerAdminCommands(program: Command, ctx: CommandContext): void {
  program
    .command('admin')
    .description('platform administration')
    .command('rotate-key')
    .description("re-seal a service's secrets at rest with the first key of its key list")
    .addOption(new Option('--service <service>', 'whose secrets').choices(Object.keys(SERVICES)).makeOptionMandatory())
    .option('--url <service url>', 'the service (default its AMCTL_* variable, else its local port)')
    .action(action(ctx, (o: { service: 'deploy' | 'addon'; url?: string }) => rotateKeyCommand(o, ctx.io)));
}
