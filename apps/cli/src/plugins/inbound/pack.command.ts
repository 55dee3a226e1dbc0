import { stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { packPlugin } from '@appmanager/plugin-package';
import { UsageError, type CliIo } from '../../cli/cli-io.js';

/** Packs a plug-in directory into `<name>-<version>.tgz` and prints what went in and its checksum. */
export async function packCommand(dir: string, options: { out?: string }, io: CliIo): Promise<number> {
  const source = resolve(io.cwd, dir);
  if (!(await stat(source)).isDirectory()) throw new UsageError(`${dir} is not a directory`);
  const packed = await packPlugin(source);
  const out = resolve(io.cwd, options.out ?? `${packed.manifest.name}-${packed.manifest.version}.tgz`);
  await writeFile(out, packed.archive);
  io.out(`name:     ${packed.manifest.name}`);
  io.out(`version:  ${packed.manifest.version}`);
  io.out(`checksum: ${packed.checksum}`);
  for (const d of packed.manifest.definitions) io.out(`defines:  ${d.kind} ${d.type}`);
  io.out(`archive:  ${out} (${packed.archive.length} bytes, ${packed.files.length} files)`);
  return 0;
}
