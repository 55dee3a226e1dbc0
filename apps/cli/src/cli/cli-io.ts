/** Where a command writes; tests and main.ts pass their own. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** All of standard input (`--password-stdin`); absent where there is none. */
  readStdin?: () => Promise<string>;
}

/** Bad arguments: exit code 2, with the usage line. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const DEFAULT_REGISTRY = 'http://127.0.0.1:3004';

export function registryUrl(flag: string | undefined, io: CliIo): string {
  return (flag ?? io.env['AMCTL_REGISTRY'] ?? DEFAULT_REGISTRY).replace(/\/+$/, '');
}

export const DEFAULT_DEPLOY = 'http://127.0.0.1:3002';

/** The deploy service: where `whoami` and API tokens are asked for (any service answers them alike). */
export function deployUrl(flag: string | undefined, io: CliIo): string {
  return (flag ?? io.env['AMCTL_DEPLOY'] ?? DEFAULT_DEPLOY).replace(/\/+$/, '');
}
