import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Principal } from './principal.js';
import type { PermissionName } from './roles.js';

export const PERMISSION_KEY = 'appmanager:permission';
export const PUBLIC_KEY = 'appmanager:public';

/** A request the guard has let through carries who made it. */
export interface AuthenticatedRequest {
  principal?: Principal;
  params: Record<string, string | undefined>;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  method: string;
  ip?: string;
  originalUrl?: string;
  route?: { path?: string };
  body?: unknown;
  /** What the audit trail records of the route: its permission and the application or object it names. */
  audit?: { action: string; target?: string };
}

/** Finds a provider of the service (e.g. a repository), for an `AppOf` that must look the application up. */
export type ProviderLookup = <T>(token: abstract new (...args: never[]) => T) => T;

/**
 * Where the guard finds the application a request is about, to check the caller's roles in its project;
 * undefined when the request names none (the caller then needs the permission in some project).
 */
export type AppOf = (request: AuthenticatedRequest, get: ProviderLookup) => string | undefined | Promise<string | undefined>;

/** The application named in the path (`:appId`) or the query (`?appId=`). */
export const appFromPathOrQuery: AppOf = (request) =>
  request.params['appId'] ?? (typeof request.query['appId'] === 'string' ? request.query['appId'] : undefined);

/** The application of a launch: the command's `appId`, read before validation (which then refuses a bad one). */
export const appFromBody: AppOf = (request) => {
  const appId = (request.body as { appId?: unknown } | undefined)?.appId;
  return typeof appId === 'string' ? appId : undefined;
};

export interface PermissionMetadata {
  permission: PermissionName;
  appOf?: AppOf;
  /** A list across applications: without an application named, only a role held in every project may read it. */
  listsApps?: boolean;
}

/**
 * The permission a route needs; a route without one is refused (403) and fails the permission matrix test.
 * When the route names an application (`appOf`, by default `:appId` / `?appId=`), the caller needs the
 * permission in that application's project; otherwise in some project, and the handler narrows. A list of many
 * applications' things (`listsApps`) needs, when no application is named, the permission in every project.
 */
export function Permission(
  permission: PermissionName,
  appOf: AppOf = appFromPathOrQuery,
  options: { listsApps?: boolean } = {},
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(PERMISSION_KEY, { permission, appOf, ...options } satisfies PermissionMetadata),
    ApiBearerAuth(),
    ApiExtension('x-permission', permission),
    ApiUnauthorizedResponse({ description: 'no credentials, or a token that is malformed, unknown, expired or revoked' }),
    ApiForbiddenResponse({ description: `the caller's roles do not grant ${permission}` }),
  );
}

/** Open to anyone (probes, metrics, the issuer's users): the only way a route escapes authentication. */
export function Public(): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiExtension('x-public', true));
}

/** The authenticated caller, in a handler. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a public route');
  return principal;
});
