import { registryUrl, type CliIo } from '../../cli/cli-io.js';
import { RegistryClient } from '../outbound/registry.client.js';

/** Prints one line per plug-in version: name, version, enabled, checksum. */
export async function listCommand(io: CliIo): Promise<number> {
  const items = await new RegistryClient(registryUrl(undefined, io), io).list();
  const rows = items.map((p) => [
    p.name,
    p.version,
    p.enabled ? 'enabled' : 'disabled',
    p.checksum ?? (p.sha256 ? `sha256:${p.sha256}` : ''),
  ]);
  const widths = [0, 1, 2].map((i) =>
    Math.max(...[['NAME', 'VERSION', 'STATE'][i] as string, ...rows.map((r) => r[i] as string)].map((s) => s.length)),
  );
  const line = (r: string[]) =>
    r
      .map((cell, i) => (i < 3 ? cell.padEnd(widths[i] as number) : cell))
      .join('  ')
      .trimEnd();
  io.out(line(['NAME', 'VERSION', 'STATE', 'CHECKSUM']));
  for (const row of rows) io.out(line(row));
  return 0;
}
