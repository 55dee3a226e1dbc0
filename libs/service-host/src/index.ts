// The public surface of @appmanager/service-host: how a service is defined and started, what it
// may inject, and the HTTP pieces its controllers share. Wiring (module, filters, middleware,
// metrics) stays inside: a service gets it by being hosted.
export { runService, startService, type RunningService, type StartOptions } from './bootstrap-service.js';
export type { ServiceDefinition, ServiceDependencies } from './service-definition.js';
export { NATS_CONNECTION, SERVICE_CONFIG, SERVICE_LOGGER } from './service-host.tokens.js';
// a service registers its own metrics (prom-client, `registers: [metrics.registry]`) beside the HTTP ones on /metrics
export { ServiceMetrics } from './metrics/service-metrics.js';
export { byteSize, StartupError, type BaseConfig } from './config/service-config.js';
export { CorrelationContext, type CorrelationSource } from './correlation/correlation-context.js';
export { correlationHeader } from './correlation/correlation.middleware.js';
export type { ServiceLogger } from './logging/logger.js';
export { ZodValidationPipe } from './http/zod-validation.pipe.js';
export { pageLimits, pageQuerySchema, type Page, type PageQuery } from './http/page-query.js';
export { ApiPageQuery, PageViewOf, pageViewOf } from './http/page-view.js';
export { openApiSchemaOf, type OpenApiSchema } from './http/openapi-schema.js';
export { KeyRing, KeyRingError } from './secrets/key-ring.js';
export { Access } from './auth/access.js';
export { appFromBody, CurrentPrincipal, Permission, Public, type AppOf } from './auth/permission.decorator.js';
export { roles, rolePolicy, type PermissionName, type Role } from './auth/roles.js';
export type { Principal, RoleBinding } from './auth/principal.js';
export { API_TOKENS_BUCKET } from './auth/api-token-store.js';
export { APP_PROJECTS_BUCKET, DEFAULT_PROJECT } from './auth/app-projects.js';
export { AuditTrail, commandAudit, type AuditEntry } from './audit/audit-trail.js';
