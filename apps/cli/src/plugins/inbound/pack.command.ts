import { stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { packPlugin } from '@appmanager/plugin-package';
import { UsageError, type CliIo } from '../../cli/cli-io.js';

export const PACK_USAGE = 'amctl plugin pack <dir> [-o <out.tgz>]';

/** Packs a plug-in directory into `<name>-<version>.tgz` and prints what went in and its checksum. */
export async function packCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string', short: 'o' } } });
  const [dir] = positionals;
  if (!dir || positionals.length > 1) throw new UsageError(PACK_USAGE);
  const source = resolve(io.cwd, dir);
  if (!(await stat(source)).isDirectory()) throw new UsageError(`${dir} is not a directory`);
  const packed = await packPlugin(source);
  const out = resolve(io.cwd, values.out ?? `${packed.manifest.name}-${packed.manifest.version}.tgz`);
  await writeFile(out, packed.archive);
  io.out(`name:     ${packed.manifest.name}`);
  io.out(`version:  ${packed.manifest.version}`);
  io.out(`checksum: ${packed.checksum}`);
  for (const d of packed.manifest.definitions) io.out(`defines:  ${d.kind} ${d.type}`);
  io.out(`archive:  ${out} (${packed.archive.length} bytes, ${packed.files.length} files)`);
  return 0;
}
