import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import type { ComponentInstance } from '../../instances/domain/component-instance.js';
import { isChange, observedState } from '../domain/component-state.js';
import { driftOf, liveKey, type LiveIndex } from '../domain/observed-objects.js';
import { type LiveKube, SensingStore, StatusPlugins } from './status.ports.js';

export interface ClusterObservation {
  clusterId: string;
  /** Every object of the kinds the cluster's instances have, as just seen. */
  live: LiveIndex;
  /** The kinds the poll listed (`apiVersion kind`): an instance with an object of another kind cannot be judged yet. */
  listedKinds: ReadonlySet<string>;
  digest: string;
  kube: LiveKube;
  observedBy: string;
  at: Date;
}

export interface ObservationResult {
  evaluated: number;
  changed: number;
  traitsRun: number;
  /** Every kind the cluster's instances have (`apiVersion kind`); more than were listed means: list them and look again. */
  kinds: string[];
}

/**
 * A cluster whose observed objects changed: each component instance on it gets its status from its own
 * plug-in (reading the objects just seen, not the cluster again) and its drift from the applied fields; only a
 * status that changed is written and published. Then each operator trait (a trait whose plug-in has `watch`)
 * runs against its live workload and may act through its capabilities.
 */
@Injectable()
export class ObserveClusterUseCase {
  constructor(
    @Inject(SensingStore) private readonly store: SensingStore,
    @Inject(StatusPlugins) private readonly plugins: StatusPlugins,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
  ) {}

  async execute(observation: ClusterObservation): Promise<ObservationResult> {
    const instances = await this.store.instancesOn(observation.clusterId);
    let changed = 0;
    let traitsRun = 0;
    const kinds = new Set(instances.flatMap((i) => i.objects.map((o) => `${o.apiVersion} ${o.kind}`)));
    const unlisted = [...kinds].some((kind) => !observation.listedKinds.has(kind));
    for (const instance of instances) {
      // an object of a kind that was not listed is not missing: it was not looked for
      if (instance.objects.some((o) => !observation.listedKinds.has(`${o.apiVersion} ${o.kind}`))) continue;
      const drift = driftOf(instance, observation.live);
      const next = observedState(await this.plugins.status(instance, observation.kube), drift);
      if (isChange(instance, next)) {
        await this.store.recordChange(instance, next, observation.observedBy, observation.at);
        changed++;
      }
      traitsRun += await this.runOperators(instance, observation);
    }
    // a digest of a partial look is not saved: the next look must judge everything
    if (!unlisted) await this.store.saveDigest(observation.clusterId, observation.digest, observation.at);
    return { evaluated: instances.length, changed, traitsRun, kinds: [...kinds].sort() };
  }

  private async runOperators(instance: ComponentInstance, observation: ClusterObservation): Promise<number> {
    if (instance.sensing.traits.length === 0) return 0;
    const workloadRef = instance.objects.find((o) => o.node === instance.component);
    const workload = workloadRef && observation.live.get(liveKey(workloadRef.kind, instance.namespace, workloadRef.name));
    if (!workload) return 0;
    let ran = 0;
    for (const trait of instance.sensing.traits) {
      try {
        const outcome = await this.plugins.watch(instance, trait, workload, observation.kube);
        if (outcome === undefined) continue;
        ran++;
        this.logger.info(
          { appId: instance.appId, cluster: instance.cluster, component: instance.component, trait: trait.type, message: outcome.message },
          'operator trait watched its workload',
        );
      } catch (error) {
        this.logger.warn(
          { appId: instance.appId, cluster: instance.cluster, component: instance.component, trait: trait.type, err: error },
          'operator trait failed',
        );
      }
    }
    return ran;
  }
}
