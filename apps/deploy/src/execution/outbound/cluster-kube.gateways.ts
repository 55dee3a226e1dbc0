import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { EnvironmentRepository } from '../../environments/application/environment.repository.js';
import { type KubePort } from '../../plugin-host/application/plugin.gateway.js';
import { type KubeGateways } from '../application/kube.gateways.js';
import { ClientNodeKubeGateway } from './client-node.kube.gateway.js';

/** One client-node gateway per registered cluster, built from its decrypted credentials on first use. */
@Injectable()
export class ClusterKubeGateways implements KubeGateways {
  private readonly gateways = new Map<string, ClientNodeKubeGateway>();

  constructor(
    @Inject(EnvironmentRepository) private readonly environments: EnvironmentRepository,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
  ) {}

  async forCluster(clusterId: string): Promise<KubePort> {
    const cluster = await this.environments.cluster(clusterId);
    if (!cluster) throw new Error(`cluster "${clusterId}" is not registered`);
    // keyed by the access itself, so a rotated token or a moved endpoint gets a fresh client
    const key = createHash('sha256').update(JSON.stringify([cluster.id, cluster.apiEndpoint, cluster.caCertificate, cluster.credentials])).digest('hex');
    const cached = this.gateways.get(key);
    if (cached) return cached;
    // one line per object and version: the audit trail that shows nothing is applied twice
    const gateway = new ClientNodeKubeGateway(cluster, (object, skipped) =>
      this.logger.info(
        { cluster: clusterId, object: `${String(object['kind'])}/${object.metadata?.namespace}/${object.metadata?.name}`, nodeVersion: object.metadata?.annotations?.['appmanager.io/node-version'] ?? null, skipped },
        skipped ? 'object already applied at this version; not applied again' : 'object applied',
      ),
    );
    this.gateways.set(key, gateway);
    return gateway;
  }
}
