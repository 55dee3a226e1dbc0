import { z } from 'zod';
import { isSecretName, maskSecrets } from './mask-secrets.js';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

function url(protocols: string[]) {
  return z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `expected a ${protocols.map((p) => `${p}//`).join(' or ')} URL` },
  );
}

const port = z.coerce
  .number({ message: 'expected a number between 1 and 65535' })
  .int({ message: 'expected a number between 1 and 65535' })
  .min(1, { message: 'expected a number between 1 and 65535' })
  .max(65535, { message: 'expected a number between 1 and 65535' });

const byteUnits: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** A size as `5mb`, `512kb` or a number of bytes; parsed to bytes so a refusal can name both. */
export const byteSize = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/, { message: 'expected a size such as 5mb, 512kb or a number of bytes' })
  .transform((value) => {
    const [, amount, unit] = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/.exec(value) as RegExpExecArray;
    return Math.floor(Number(amount) * byteUnits[unit ?? 'b']!);
  })
  .refine((bytes) => bytes >= 1024, { message: 'expected at least 1kb' });

/** What every service reads; a service extends it with its own variables. */
export function baseConfigSchema(defaults: { httpPort: number; database?: string }) {
  return z.object({
    /** `nats://<user>:<password>@host:4222` connects as that NATS user (ADR 0014); messages show the password as `***`. */
    NATS_URL: url(['nats:', 'tls:']).default('nats://127.0.0.1:4222'),
    DATABASE_URL: url(['postgres:', 'postgresql:']).default(`postgres://postgres@127.0.0.1:5432/${defaults.database ?? 'appmanager'}`),
    HTTP_PORT: port.default(defaults.httpPort),
    HTTP_HOST: z.string().min(1).default('0.0.0.0'),
    LOG_LEVEL: z.enum(logLevels, { message: `expected one of ${logLevels.join(', ')}` }).default('info'),
    /** The largest JSON request body, in bytes once parsed; a 1,000-component application is about 250 KB. */
    HTTP_BODY_LIMIT: byteSize.default(5 * 1024 ** 2),
  });
}

export type BaseConfig = z.infer<ReturnType<typeof baseConfigSchema>>;

/** A start-up failure that is told in one line, never as a stack. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** Parses `env` with `schema`; the first bad variable becomes one line naming it and its value. */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0] ?? 'configuration');
  const value = env[name];
  const shown = value === undefined ? 'nothing' : isSecretName(name) ? '"***"' : JSON.stringify(maskSecrets(value));
  throw new StartupError(`${name}: ${issue.message}, got ${shown}`);
}
