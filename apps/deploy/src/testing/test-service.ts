import { randomBytes } from 'node:crypto';
import { type Type } from '@nestjs/common';
import { type RunningService, type ServiceDefinition, startService } from '@appmanager/service-host';
import { type z } from 'zod';
import { deployService } from '../deploy.service.js';
import { environmentsConfigSchema } from '../environments/environments.config.js';
import { environmentEntities } from '../environments/outbound/environment.entities.js';
import { CreateEnvironments1764020000000 } from '../environments/outbound/migrations/1764020000000-create-environments.migration.js';
import { pluginHostConfigSchema } from '../plugin-host/plugin-host.config.js';

type Persistence = typeof deployService.persistence;

export interface TestServiceExtras {
  entities?: unknown[];
  migrations?: unknown[];
  configSchema?: z.ZodObject;
}

/** The deploy service definition with a chosen root module and this tables and config. */
export function testServiceDefinition(rootModule: Type<unknown>, extra: TestServiceExtras = {}): ServiceDefinition {
  const persistence: Persistence = {
    ...deployService.persistence,
    entities: [...(deployService.persistence.entities as unknown[]), ...environmentEntities, ...(extra.entities ?? [])] as Persistence['entities'],
    migrations: [...(deployService.persistence.migrations as unknown[]), CreateEnvironments1764020000000, ...(extra.migrations ?? [])] as Persistence['migrations'],
  };
  const configSchema = environmentsConfigSchema.extend(pluginHostConfigSchema.shape).extend(extra.configSchema?.shape ?? {});
  return { ...deployService, rootModule, persistence, configSchema };
}

/** Boots the deploy service with a chosen root module and this tables, as tests need it. */
export function startDeployForTest(rootModule: Type<unknown>, env: Record<string, string>, extra: TestServiceExtras = {}, logs: string[] = []): Promise<RunningService> {
  return startService(testServiceDefinition(rootModule, extra), {
    env: { HTTP_HOST: '127.0.0.1', DEPLOY_SECRETS_KEY: randomBytes(32).toString('base64'), LOG_LEVEL: 'warn', ...env },
    logDestination: { write: (line: string) => void logs.push(line) },
  });
}
