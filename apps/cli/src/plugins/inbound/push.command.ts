import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { unpackPlugin } from '@appmanager/plugin-package';
import { registryUrl, type CliIo } from '../../cli/cli-io.js';
import { RegistryClient } from '../outbound/registry.client.js';

/**
 * Uploads an archive. It is unpacked locally first, so a broken archive is reported without a round
 * trip, and the registry's checksum is compared with the local one.
 */
export async function pushCommand(file: string, options: { force?: boolean }, io: CliIo): Promise<number> {
  const path = resolve(io.cwd, file);
  const archive = await readFile(path);
  const local = await unpackPlugin(archive);
  const stored = await new RegistryClient(registryUrl(undefined, io), io).upload(archive, path, { force: options.force });
  if (stored['checksum'] !== undefined && stored['checksum'] !== local.checksum) {
    io.err(`checksum mismatch: local ${local.checksum}, registry ${String(stored['checksum'])}`);
    return 1;
  }
  io.out(`pushed ${local.manifest.name}@${local.manifest.version} ${local.checksum}`);
  return 0;
}
