import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { LRUCache } from 'lru-cache';
import { EnvironmentRepository } from '../../environments/application/environment.repository.js';
import { type KubePort } from '../../plugin-host/application/plugin.gateway.js';
import { type KubeGateways } from '../application/kube.gateways.js';
import { ClientNodeKubeGateway } from './client-node.kube.gateway.js';

/** Clusters one replica talks to at once; beyond it the least recently used client is dropped (and rebuilt on use). */
const maxClients = 256;
/** A client is rebuilt at least this often, so what it remembers (namespaces it ensured) cannot go stale for long. */
const clientTtlMs = 10 * 60_000;

/**
 * One client-node gateway per registered cluster, built from its decrypted credentials on first use. The cluster is
 * read on every call, so a changed endpoint or rotated credential replaces its client at once and a removed cluster
 * drops it; there is no cluster-changed hook in this process to do it earlier (`env.evt.cluster.*` goes to sensor).
 */
@Injectable()
export class ClusterKubeGateways implements KubeGateways {
  private readonly gateways = new LRUCache<string, { access: string; gateway: ClientNodeKubeGateway }>({
    max: maxClients,
    ttl: clientTtlMs,
  });

  constructor(
    @Inject(EnvironmentRepository) private readonly environments: EnvironmentRepository,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
  ) {}

  async forCluster(clusterId: string): Promise<KubePort> {
    const cluster = await this.environments.cluster(clusterId);
    if (!cluster) {
      this.gateways.delete(clusterId);
      throw new Error(`cluster "${clusterId}" is not registered`);
    }
    const access = createHash('sha256')
      .update(JSON.stringify([cluster.apiEndpoint, cluster.caCertificate, cluster.credentials]))
      .digest('hex');
    const cached = this.gateways.get(clusterId);
    if (cached?.access === access) return cached.gateway;
    // one line per object and version: the audit trail that shows nothing is applied twice
    const gateway = new ClientNodeKubeGateway(cluster, (object, skipped) =>
      this.logger.info(
        {
          cluster: clusterId,
          object: `${String(object['kind'])}/${object.metadata?.namespace}/${object.metadata?.name}`,
          nodeVersion: object.metadata?.annotations?.['appmanager.io/node-version'] ?? null,
          skipped,
        },
        skipped ? 'object already applied at this version; not applied again' : 'object applied',
      ),
    );
    this.gateways.set(clusterId, { access, gateway });
    return gateway;
  }
}
