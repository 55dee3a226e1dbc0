import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { AccessPolicy } from './access-policy.js';
import { AppProjects } from './app-projects.js';
import { formatBinding, type Principal } from './principal.js';
import type { PermissionName } from './roles.js';

/** Checks a permission for a principal, in the project of an application when one is named. */
@Injectable()
export class Access {
  constructor(
    @Inject(AccessPolicy) private readonly policy: AccessPolicy,
    @Inject(AppProjects) private readonly projects: AppProjects,
  ) {}

  async allows(principal: Principal, permission: PermissionName, appId?: string): Promise<boolean> {
    return this.policy.allows(principal, permission, appId === undefined ? undefined : await this.projects.projectOf(appId));
  }

  /** True when a binding in every project (`*`) grants it: a list across applications needs that. */
  allowsEverywhere(principal: Principal, permission: PermissionName): Promise<boolean> {
    return this.policy.allows(principal, permission, '*');
  }

  /** Throws 403 naming the caller, its roles, the permission and the application's project. */
  async require(principal: Principal, permission: PermissionName, appId?: string): Promise<void> {
    if (await this.allows(principal, permission, appId)) return;
    const where = appId === undefined ? '' : ` on application ${appId} (project ${await this.projects.projectOf(appId)})`;
    const held = principal.bindings.map(formatBinding).join(', ') || 'none';
    throw new ForbiddenException(`${principal.subject} (roles: ${held}) may not ${permission}${where}`);
  }

  /** Keeps the items whose application the principal may read (`read` of the resource in its project). */
  async filter<T>(principal: Principal, permission: PermissionName, items: T[], appOf: (item: T) => string): Promise<T[]> {
    const kept: T[] = [];
    for (const item of items) if (await this.allows(principal, permission, appOf(item))) kept.push(item);
    return kept;
  }
}
