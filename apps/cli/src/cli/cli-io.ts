/** Where a command writes; tests and main.ts pass their own. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/** Bad arguments: exit code 2, with the usage line. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const DEFAULT_REGISTRY = 'http://127.0.0.1:3004';

export function registryUrl(flag: string | undefined, io: CliIo): string {
  return (flag ?? io.env['AMCTL_REGISTRY'] ?? DEFAULT_REGISTRY).replace(/\/+$/, '');
}
