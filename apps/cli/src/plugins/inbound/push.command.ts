import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { unpackPlugin } from '@appmanager/plugin-package';
import { UsageError, registryUrl, type CliIo } from '../../cli/cli-io.js';
import { RegistryClient } from '../outbound/registry.client.js';

export const PUSH_USAGE = 'amctl plugin push <archive.tgz> [--registry <url>] [--force]';

/**
 * Uploads an archive. It is unpacked locally first, so a broken archive is reported without a round
 * trip, and the registry's checksum is compared with the local one.
 */
export async function pushCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { registry: { type: 'string' }, force: { type: 'boolean', default: false } },
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new UsageError(PUSH_USAGE);
  const path = resolve(io.cwd, file);
  const archive = await readFile(path);
  const local = await unpackPlugin(archive);
  const stored = await new RegistryClient(registryUrl(values.registry, io), io).upload(archive, path, { force: values.force });
  if (stored['checksum'] !== undefined && stored['checksum'] !== local.checksum) {
    io.err(`checksum mismatch: local ${local.checksum}, registry ${String(stored['checksum'])}`);
    return 1;
  }
  io.out(`pushed ${local.manifest.name}@${local.manifest.version} ${local.checksum}`);
  return 0;
}
