import type { HostPorts } from './capability-ports.js';
import { BadHostArguments } from './kube-scope.js';

/** A Postgres identifier we never need to quote twice: lower case, a letter or `_` first, at most 63 bytes. */
const PG_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
/** S3 bucket names as AWS allows them (no dots: virtual-host TLS breaks on them). */
const BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const CONFIG_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const MAX_PASSWORD = 200;

/**
 * The add-on back-ends (postgres, s3, config): arguments are checked here, on the main thread, before the
 * port (which holds the admin credential) sees them, so a plug-in can only name things, never inject SQL.
 */
export function callBackend(ports: HostPorts, capability: string, method: string, arg: unknown): Promise<unknown> {
  switch (capability) {
    case 'postgres':
      return postgres(ports, method, arg);
    case 's3':
      return s3(ports, method, arg);
    default:
      return config(ports, arg);
  }
}

function postgres(ports: HostPorts, method: string, arg: unknown): Promise<unknown> {
  const port = ports.postgres;
  if (!port) throw new Error('Postgres is not configured for add-ons (ADDON_POSTGRES_URL)');
  switch (method) {
    case 'ensureDatabase':
      return port.ensureDatabase({ database: identifier(arg, 'database'), owner: identifier(arg, 'owner') });
    case 'ensureRole':
      return port.ensureRole({ role: identifier(arg, 'role'), password: password(arg) });
    case 'dropDatabase':
      return port.dropDatabase({ database: identifier(arg, 'database') });
    case 'dropRole':
      return port.dropRole({ role: identifier(arg, 'role') });
    case 'exists':
      return port.exists({ database: identifier(arg, 'database'), role: identifier(arg, 'role') });
    default:
      return port.server();
  }
}

function s3(ports: HostPorts, method: string, arg: unknown): Promise<unknown> {
  const port = ports.s3;
  if (!port) throw new Error('S3 is not configured for add-ons (ADDON_S3_ENDPOINT)');
  if (method === 'server') return port.server();
  const bucket = field(arg, 'bucket');
  if (!BUCKET.test(bucket)) throw new BadHostArguments('bucket must be 3-63 characters of [a-z0-9-]');
  return method === 'ensureBucket' ? port.ensureBucket({ bucket }) : port.removeBucket({ bucket });
}

function config(ports: HostPorts, arg: unknown): Promise<unknown> {
  if (!ports.config) throw new Error('no configuration is lent to this call');
  if (typeof arg !== 'string' || !CONFIG_NAME.test(arg))
    throw new BadHostArguments('a configuration name must match [A-Za-z_][A-Za-z0-9_]*');
  return ports.config.get(arg);
}

function identifier(arg: unknown, name: string): string {
  const value = field(arg, name);
  if (!PG_IDENTIFIER.test(value)) throw new BadHostArguments(`${name} must be an identifier matching [a-z_][a-z0-9_]{0,62}`);
  return value;
}

function password(arg: unknown): string {
  const value = field(arg, 'password');
  if (value.length < 8 || value.length > MAX_PASSWORD) throw new BadHostArguments(`password must be 8-${MAX_PASSWORD} characters`);
  return value;
}

function field(arg: unknown, name: string): string {
  const value = arg && typeof arg === 'object' ? (arg as Record<string, unknown>)[name] : undefined;
  if (typeof value !== 'string') throw new BadHostArguments(`${name} must be a string`);
  return value;
}
