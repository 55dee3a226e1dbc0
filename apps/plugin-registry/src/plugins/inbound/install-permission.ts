import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { Access, type Principal } from '@appmanager/service-host';
import type { UnpackedPlugin } from '@appmanager/plugin-package';

/**
 * Who may install a package: for each definition, the caller's roles must allow installing its kind
 * (`plugins/<Kind>:install`: infra-dev Component / WorkflowStep / Addon, sre Trait / Policy) and include one
 * of its manifest's `installRoles`; an admin installs anything.
 */
@Injectable()
export class InstallPermission {
  constructor(@Inject(Access) private readonly access: Access) {}

  async check(principal: Principal, manifest: UnpackedPlugin['manifest']): Promise<void> {
    if (await this.access.allowsEverywhere(principal, 'plugins/*:install')) return;
    const held = new Set(principal.bindings.map((binding) => binding.role));
    for (const definition of manifest.definitions) {
      await this.access.require(principal, `plugins/${definition.kind}:install`);
      if (!definition.installRoles.some((role) => held.has(role as never))) {
        throw new ForbiddenException(
          `${principal.subject} may not install ${manifest.name}@${manifest.version}: ${definition.kind} ${definition.type} installs only for roles ${definition.installRoles.join(', ')} (held: ${[...held].join(', ') || 'none'})`,
        );
      }
    }
  }
}
