import { testAuthEnv } from '@appmanager/testing';
import { randomBytes } from 'node:crypto';
import { type Type } from '@nestjs/common';
import { type RunningService, startService } from '@appmanager/service-host';
import { deployService } from '../deploy.service.js';

/** A fresh key for cluster credentials at rest, as DEPLOY_SECRETS_KEY wants it. */
export const testSecretsKey = (): string => randomBytes(32).toString('base64');

/** Boots the deploy service (all of its tables and config) with a chosen root module, as a test needs it. */
export function startDeployForTest(rootModule: Type<unknown>, env: Record<string, string>, logs: string[] = []): Promise<RunningService> {
  return startService(
    { ...deployService, rootModule },
    {
      env: { ...testAuthEnv(), HTTP_HOST: '127.0.0.1', DEPLOY_SECRETS_KEY: testSecretsKey(), LOG_LEVEL: 'warn', ...env },
      logDestination: { write: (line: string) => void logs.push(line) },
    },
  );
}
