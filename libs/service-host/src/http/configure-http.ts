import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { auditMiddleware } from '../audit/audit.middleware.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { correlationHeader, correlationMiddleware } from '../correlation/correlation.middleware.js';
import { httpMetricsMiddleware } from '../metrics/http-metrics.middleware.js';
import type { ServiceMetrics } from '../metrics/service-metrics.js';
import type { ServiceDefinition } from '../service-definition.js';
import { HttpErrorFilter } from './http-error.filter.js';

export const apiPrefix = 'v1';

/** The API under /v1; health, metrics and docs at the root, where probes and scrapers expect them. */
export function configureHttp(
  app: INestApplication,
  definition: ServiceDefinition,
  logger: Logger,
  metrics: ServiceMetrics,
  bodyLimitBytes: number,
): void {
  // registered before Nest's own parsers, which then stand aside (express' default is 100 KB)
  (app as NestExpressApplication).useBodyParser('json', { limit: bodyLimitBytes });
  (app as NestExpressApplication).useBodyParser('urlencoded', { limit: bodyLimitBytes, extended: true });
  app.use(correlationMiddleware);
  app.use(httpMetricsMiddleware(metrics, logger));
  app.use(auditMiddleware(app.get(AuditTrail), logger));
  app.setGlobalPrefix(apiPrefix, { exclude: ['healthz', 'readyz', 'metrics'] });
  app.useGlobalFilters(new HttpErrorFilter(logger));

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`AppManager ${definition.name}`)
      .setDescription(definition.description ?? `The ${definition.name} service API`)
      .setVersion(definition.version ?? '0.1.0')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        description: 'an OIDC access token from the issuer (amctl login) or an API token amt_…',
      })
      .addGlobalParameters({ name: correlationHeader, in: 'header', required: false, schema: { type: 'string' } })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
