import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const url = (fallback: string) => z.url().default(fallback);

/** The console server's settings, from the environment; the service URLs default to `npm run up`'s ports. */
export const consoleConfigSchema = z.object({
  HTTP_HOST: z.string().default('127.0.0.1'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65_535).default(3008),
  /** The console's own user (scripts/up-nats.mjs); it only listens. */
  NATS_URL: z.string().min(1),
  /** The OIDC issuer the browser logs in at, and the console's public client there. */
  CONSOLE_OIDC_ISSUER: url('http://127.0.0.1:3010'),
  CONSOLE_OIDC_CLIENT_ID: z.string().min(1).default('console'),
  CONSOLE_BUILD_URL: url('http://127.0.0.1:3001'),
  CONSOLE_DEPLOY_URL: url('http://127.0.0.1:3002'),
  CONSOLE_ADDON_URL: url('http://127.0.0.1:3003'),
  CONSOLE_PLUGIN_REGISTRY_URL: url('http://127.0.0.1:3004'),
  CONSOLE_SENSOR_URL: url('http://127.0.0.1:3005'),
  /** The built single-page app (`vite build`). */
  CONSOLE_WEB_DIR: z.string().default(fileURLToPath(new URL('../web', import.meta.url))),
  LOG_LEVEL: z.string().default('info'),
});

export type ConsoleConfig = z.infer<typeof consoleConfigSchema>;

/** The services the browser reaches through `/api/<service>/…`, by the name in that path. */
export type ServiceName = 'build' | 'deploy' | 'addon' | 'plugin-registry' | 'sensor';

export function serviceUrls(config: ConsoleConfig): Record<ServiceName, string> {
  return {
    build: config.CONSOLE_BUILD_URL,
    deploy: config.CONSOLE_DEPLOY_URL,
    addon: config.CONSOLE_ADDON_URL,
    'plugin-registry': config.CONSOLE_PLUGIN_REGISTRY_URL,
    sensor: config.CONSOLE_SENSOR_URL,
  };
}

export function readConsoleConfig(env: NodeJS.ProcessEnv): ConsoleConfig {
  const parsed = consoleConfigSchema.safeParse(env);
  if (!parsed.success) throw new Error(`console configuration: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Nest's injection token of the ConsoleConfig. */
export const CONSOLE_CONFIG = Symbol('CONSOLE_CONFIG');
