import type { Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { Access } from './access.js';
import { AccessPolicy } from './access-policy.js';
import { API_TOKENS_BUCKET, ApiTokenStore } from './api-token-store.js';
import { APP_PROJECTS_BUCKET, AppProjects } from './app-projects.js';
import type { AuthConfig } from './auth-config.js';
import { AuthGuard } from './auth.guard.js';
import { Authenticator } from './authenticator.js';

/** Authentication and authorisation for every route of the service (the guard is global). */
export function authProviders(nats: NatsConnection, config: AuthConfig): Provider[] {
  const kvm = new Kvm(nats);
  return [
    { provide: AccessPolicy, useFactory: () => AccessPolicy.load() },
    { provide: ApiTokenStore, useFactory: async () => new ApiTokenStore(await kvm.create(API_TOKENS_BUCKET, { history: 1 })) },
    { provide: AppProjects, useFactory: async () => new AppProjects(await kvm.create(APP_PROJECTS_BUCKET, { history: 1 })) },
    { provide: Authenticator, useFactory: (tokens: ApiTokenStore) => new Authenticator(config, tokens), inject: [ApiTokenStore] },
    Access,
    { provide: APP_GUARD, useClass: AuthGuard },
  ];
}
