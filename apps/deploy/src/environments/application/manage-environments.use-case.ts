import { Inject, Injectable } from '@nestjs/common';
import { type Cluster, type ClusterView, clusterView, type Namespace, type Stage, type Unit } from '../domain/environment.model.js';
import { EnvironmentInvalidError, EnvironmentNotFoundError } from '../domain/environment.errors.js';
import { ClusterProbe, CredentialsUnavailableError, EnvironmentRepository } from './environment.repository.js';

/** Units, namespaces and stages: plain CRUD whose only rule is that parents exist. */
@Injectable()
export class ManageEnvironmentsUseCase {
  constructor(@Inject(EnvironmentRepository) private readonly environments: EnvironmentRepository) {}

  addUnit(unit: Unit): Promise<void> {
    return this.environments.addUnit(unit);
  }

  async updateUnit(unit: Unit): Promise<void> {
    if (!(await this.environments.updateUnit(unit))) throw new EnvironmentNotFoundError(`unit "${unit.id}" not found`);
  }

  async addNamespace(namespace: Namespace): Promise<void> {
    if (!(await this.environments.cluster(namespace.clusterId)))
      throw new EnvironmentInvalidError('clusterId', `cluster "${namespace.clusterId}" does not exist`);
    await this.environments.addNamespace(namespace);
  }

  async addStage(stage: Stage): Promise<void> {
    const namespaces = await this.environments.namespaces();
    if (!namespaces.some((n) => n.id === stage.namespaceId))
      throw new EnvironmentInvalidError('namespaceId', `namespace "${stage.namespaceId}" does not exist`);
    await this.environments.addStage(stage);
  }

  async remove(kind: 'unit' | 'cluster' | 'namespace' | 'stage', id: string): Promise<void> {
    const removed = await {
      unit: () => this.environments.removeUnit(id),
      cluster: () => this.environments.removeCluster(id),
      namespace: () => this.environments.removeNamespace(id),
      stage: () => this.environments.removeStage(id),
    }[kind]();
    if (!removed) throw new EnvironmentNotFoundError(`${kind} "${id}" not found`);
  }
}

/** Registers a cluster after checking it answers with the given credentials; announces it to the fleet. */
@Injectable()
export class RegisterClusterUseCase {
  constructor(
    @Inject(EnvironmentRepository) private readonly environments: EnvironmentRepository,
    @Inject(ClusterProbe) private readonly probe: ClusterProbe,
  ) {}

  async execute(cluster: Cluster): Promise<ClusterView & { version: string }> {
    const version = await this.check(cluster);
    await this.environments.registerCluster(cluster);
    return { ...clusterView(cluster), version };
  }

  /** Changes a registered cluster (rotated token, new CA or endpoint); the new access is checked first. */
  async update(id: string, change: Partial<Omit<Cluster, 'id' | 'unitId'>>): Promise<ClusterView & { version: string }> {
    const current = await this.environments.cluster(id);
    if (!current) throw new EnvironmentNotFoundError(`cluster "${id}" not found`);
    const cluster: Cluster = { ...current, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) };
    const version = await this.check(cluster);
    await this.environments.updateCluster(cluster);
    return { ...clusterView(cluster), version };
  }

  private async check(cluster: Cluster): Promise<string> {
    if (!this.environments.credentialsAvailable()) {
      throw new CredentialsUnavailableError(
        'cluster credentials cannot be stored: neither DEPLOY_SECRETS_KEYS nor DEPLOY_SECRETS_KEY is configured',
      );
    }
    const units = await this.environments.units();
    if (!units.some((u) => u.id === cluster.unitId)) throw new EnvironmentInvalidError('unitId', `unit "${cluster.unitId}" does not exist`);
    try {
      return (await this.probe.probe(cluster)).version;
    } catch (error) {
      throw new EnvironmentInvalidError(
        'apiEndpoint',
        `cluster API at ${cluster.apiEndpoint} is not reachable: ${(error as Error).message}`,
      );
    }
  }
}
