import { type CanActivate, type ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { Access } from './access.js';
import { Authenticator } from './authenticator.js';
import {
  type AuthenticatedRequest,
  PERMISSION_KEY,
  type PermissionMetadata,
  type ProviderLookup,
  PUBLIC_KEY,
} from './permission.decorator.js';

/**
 * Every route of every service: authenticated unless `@Public()`, and allowed only by the permission it
 * declares (`@Permission`). A route that declares none is refused, so no endpoint is ever silently open.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(Authenticator) private readonly authenticator: Authenticator,
    @Inject(Access) private readonly access: Access,
    @Inject(ModuleRef) private readonly modules: ModuleRef,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers['authorization']);
    if (!token) throw new UnauthorizedException('no credentials: send "Authorization: Bearer <token>" (amctl login, or an API token)');
    const principal = await this.authenticator.authenticate(token);
    if ('refused' in principal) throw new UnauthorizedException(principal.refused);
    request.principal = principal;
    const declared = this.reflector.getAllAndOverride<PermissionMetadata | undefined>(PERMISSION_KEY, targets);
    if (!declared)
      throw new ForbiddenException(`${request.method} ${request.route?.path ?? ''} declares no permission: refused to everyone`);
    const get: ProviderLookup = (token) => this.modules.get(token, { strict: false });
    const appId = await declared.appOf?.(request, get);
    request.audit = { action: declared.permission, target: appId ?? request.params['id'] };
    await this.access.require(principal, declared.permission, appId);
    if (declared.listsApps && appId === undefined && !(await this.access.allowsEverywhere(principal, declared.permission))) {
      throw new ForbiddenException(
        `${principal.subject} holds ${declared.permission} in some projects only: name the application with ?appId=`,
      );
    }
    return true;
  }
}

function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)$/i.exec(value ?? '');
  return match?.[1];
}
