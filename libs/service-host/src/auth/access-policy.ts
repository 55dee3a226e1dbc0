import { Injectable } from '@nestjs/common';
import { type Enforcer, newEnforcer, newModelFromString, StringAdapter } from 'casbin';
import type { Principal } from './principal.js';
import { casbinModel, type PermissionName, rolePolicy } from './roles.js';

/** The casbin enforcer over the role policy; project scoping comes from the principal's bindings. */
@Injectable()
export class AccessPolicy {
  private constructor(private readonly enforcer: Enforcer) {}

  static async load(): Promise<AccessPolicy> {
    const csv = rolePolicy.map((line) => `p, ${line.join(', ')}`).join('\n');
    return new AccessPolicy(await newEnforcer(newModelFromString(casbinModel), new StringAdapter(csv)));
  }

  /**
   * True when a binding of the principal grants `permission`: in `project` when one is named, else in any
   * project (a route that names no application; the handler narrows once it knows the application).
   */
  async allows(principal: Principal, permission: PermissionName, project?: string): Promise<boolean> {
    const [object, action] = splitPermission(permission);
    for (const binding of principal.bindings) {
      if (project !== undefined && binding.project !== '*' && binding.project !== project) continue;
      if (await this.enforcer.enforce(binding.role, object, action)) return true;
    }
    return false;
  }
}

export function splitPermission(permission: PermissionName): [string, string] {
  const at = permission.lastIndexOf(':');
  return [permission.slice(0, at), permission.slice(at + 1)];
}
