import { Inject, Injectable } from '@nestjs/common';
import type { Page, PageQuery } from '@appmanager/service-host';
import type { AddonClaim, AddonInstance } from '../domain/addon-instance.js';
import { AddonInstanceRepository, type InstanceFilter } from './addon-instance.repository.js';
import { InstanceNotFoundError } from './release-addon-instance.use-case.js';

/** Reads: instances (by filter), one instance, its claims and grants. Secret values are never read here. */
@Injectable()
export class ListAddonInstancesUseCase {
  constructor(@Inject(AddonInstanceRepository) private readonly repository: AddonInstanceRepository) {}

  async execute(filter: InstanceFilter, page: PageQuery): Promise<Page<AddonInstance>> {
    const { items, total } = await this.repository.list(filter, page);
    return { items, total, limit: page.limit, offset: page.offset };
  }
}

@Injectable()
export class GetAddonInstanceUseCase {
  constructor(@Inject(AddonInstanceRepository) private readonly repository: AddonInstanceRepository) {}

  async execute(
    id: string,
  ): Promise<{ instance: AddonInstance; claims: AddonClaim[]; grants: Array<{ cluster: string; namespace: string; createdAt: Date }> }> {
    const instance = await this.repository.findById(id);
    if (!instance) throw new InstanceNotFoundError(`no add-on instance ${id}`);
    const [claims, grants] = await Promise.all([this.repository.claimsOf(id), this.repository.grantsOf(id)]);
    return { instance, claims, grants };
  }
}

/** Lets another namespace claim the instance (sharing across namespaces only through a grant). */
@Injectable()
export class GrantAddonInstanceUseCase {
  constructor(@Inject(AddonInstanceRepository) private readonly repository: AddonInstanceRepository) {}

  async execute(id: string, consumer: { cluster: string; namespace: string }): Promise<void> {
    if (!(await this.repository.findById(id))) throw new InstanceNotFoundError(`no add-on instance ${id}`);
    await this.repository.addGrant(id, consumer);
  }
}
