import { Inject, Injectable } from '@nestjs/common';
import { AddonInstanceRepository, type ClaimScope } from './addon-instance.repository.js';
import { BindingProjector, EventInbox } from './addon.ports.js';
import { ReleaseAddonInstanceUseCase } from './release-addon-instance.use-case.js';

/**
 * deploy.evt.app-instance.deleted.v1: the app instance's claims go; an instance whose last claim went is released per
 * its deletion policy, in the same transaction (once per event).
 */
@Injectable()
export class ReleaseAppInstanceClaimsUseCase {
  constructor(
    @Inject(AddonInstanceRepository) private readonly instances: AddonInstanceRepository,
    @Inject(EventInbox) private readonly inbox: EventInbox,
    @Inject(ReleaseAddonInstanceUseCase) private readonly release: ReleaseAddonInstanceUseCase,
    @Inject(BindingProjector) private readonly bindings: BindingProjector,
  ) {}

  async execute(scope: ClaimScope, eventId: string, durable: string): Promise<{ applied: boolean; released: string[] }> {
    const outcome = await this.inbox.once(durable, eventId, async (tx) => {
      const released: string[] = [];
      for (const id of await this.instances.removeClaims(tx, scope)) {
        const instance = await this.instances.lockById(tx, id);
        if (!instance) continue;
        if (instance.sealedSecrets) {
          // the consumer's namespace no longer needs its copy; best effort, the namespace may be gone
          await this.bindings
            .remove({ cluster: scope.cluster, namespace: scope.namespace, name: `${instance.name}-binding` })
            .catch(() => undefined);
        }
        if ((await this.instances.claimsOf(id, tx)).length > 0) continue;
        await this.release.releaseUnclaimed(tx, instance);
        released.push(id);
      }
      return released;
    });
    return outcome.applied ? { applied: true, released: outcome.result } : { applied: false, released: [] };
  }
}
