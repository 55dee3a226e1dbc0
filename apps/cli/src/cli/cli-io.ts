/** Where a command writes; tests and main.ts pass their own. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** All of standard input (`--password-stdin`, `-f -`); absent where there is none. */
  readStdin?: () => Promise<string>;
  /** Standard output as a stream, for a view redrawn in place and for binary data (`package export -o -`). */
  stdout?: NodeJS.WritableStream;
  /** Standard output is a terminal: colour and redraws are welcome there unless NO_COLOR is set (`interactive`). */
  stdoutIsTty?: boolean;
}

/** Bad arguments: exit code 2, with the usage line. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A terminal that wants colour and redraws: a TTY, and no NO_COLOR (https://no-color.org) or TERM=dumb. */
export function interactive(io: CliIo): boolean {
  return !!io.stdoutIsTty && !io.env['NO_COLOR'] && io.env['TERM'] !== 'dumb';
}

/** The services amctl talks to, the variable that moves each and where `npm run up` starts it. */
export const SERVICES = {
  deploy: { env: 'AMCTL_DEPLOY', url: 'http://127.0.0.1:3002', label: 'deploy' },
  build: { env: 'AMCTL_BUILD', url: 'http://127.0.0.1:3001', label: 'build' },
  addon: { env: 'AMCTL_ADDON', url: 'http://127.0.0.1:3003', label: 'the addon service' },
  registry: { env: 'AMCTL_REGISTRY', url: 'http://127.0.0.1:3004', label: 'the registry' },
  sensor: { env: 'AMCTL_SENSOR', url: 'http://127.0.0.1:3005', label: 'the sensor' },
} as const;
export type ServiceName = keyof typeof SERVICES;

/** A service's base URL: the command's own flag, else its variable (global flags set it), else the local default. */
export function serviceUrl(service: ServiceName, io: CliIo, flag?: string): string {
  return (flag ?? io.env[SERVICES[service].env] ?? SERVICES[service].url).replace(/\/+$/, '');
}

export function registryUrl(flag: string | undefined, io: CliIo): string {
  return serviceUrl('registry', io, flag);
}

/** The deploy service: where `whoami` and API tokens are asked for (any service answers them alike). */
export function deployUrl(flag: string | undefined, io: CliIo): string {
  return serviceUrl('deploy', io, flag);
}
