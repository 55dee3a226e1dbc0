import { ConflictException, Inject, Injectable, NotFoundException, ServiceUnavailableException, UnprocessableEntityException } from '@nestjs/common';
import { type Cluster, type ClusterView, clusterView, type Namespace, type Stage, type Unit } from '../domain/environment.model.js';
import { ClusterProbe, CredentialsUnavailableError, EnvironmentConflictError, EnvironmentRepository } from './environment.repository.js';

/** Units, namespaces and stages: plain CRUD whose only rule is that parents exist. */
@Injectable()
export class ManageEnvironmentsUseCase {
  constructor(@Inject(EnvironmentRepository) private readonly environments: EnvironmentRepository) {}

  addUnit(unit: Unit): Promise<void> {
    return asHttpError(() => this.environments.addUnit(unit));
  }

  async updateUnit(unit: Unit): Promise<void> {
    if (!(await this.environments.updateUnit(unit))) throw new NotFoundException(`unit "${unit.id}" not found`);
  }

  async addNamespace(namespace: Namespace): Promise<void> {
    if (!(await this.environments.cluster(namespace.clusterId))) throw unprocessable('clusterId', `cluster "${namespace.clusterId}" does not exist`);
    await asHttpError(() => this.environments.addNamespace(namespace));
  }

  async addStage(stage: Stage): Promise<void> {
    const namespaces = await this.environments.namespaces();
    if (!namespaces.some((n) => n.id === stage.namespaceId)) throw unprocessable('namespaceId', `namespace "${stage.namespaceId}" does not exist`);
    await asHttpError(() => this.environments.addStage(stage));
  }

  async remove(kind: 'unit' | 'cluster' | 'namespace' | 'stage', id: string): Promise<void> {
    const removed = await asHttpError({
      unit: () => this.environments.removeUnit(id),
      cluster: () => this.environments.removeCluster(id),
      namespace: () => this.environments.removeNamespace(id),
      stage: () => this.environments.removeStage(id),
    }[kind]);
    if (!removed) throw new NotFoundException(`${kind} "${id}" not found`);
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
    await asHttpError(() => this.environments.registerCluster(cluster));
    return { ...clusterView(cluster), version };
  }

  /** Changes a registered cluster (rotated token, new CA or endpoint); the new access is checked first. */
  async update(id: string, change: Partial<Omit<Cluster, 'id' | 'unitId'>>): Promise<ClusterView & { version: string }> {
    const current = await asHttpError(() => this.environments.cluster(id));
    if (!current) throw new NotFoundException(`cluster "${id}" not found`);
    const cluster: Cluster = { ...current, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) };
    const version = await this.check(cluster);
    await asHttpError(() => this.environments.updateCluster(cluster));
    return { ...clusterView(cluster), version };
  }

  private async check(cluster: Cluster): Promise<string> {
    if (!this.environments.credentialsAvailable()) {
      throw new ServiceUnavailableException('cluster credentials cannot be stored: DEPLOY_SECRETS_KEY is not configured');
    }
    const units = await this.environments.units();
    if (!units.some((u) => u.id === cluster.unitId)) throw unprocessable('unitId', `unit "${cluster.unitId}" does not exist`);
    try {
      return (await this.probe.probe(cluster)).version;
    } catch (error) {
      throw unprocessable('apiEndpoint', `cluster API at ${cluster.apiEndpoint} is not reachable: ${(error as Error).message}`);
    }
  }
}

export function unprocessable(path: string, problem: string): UnprocessableEntityException {
  return new UnprocessableEntityException({ message: `${path}: ${problem}`, issues: [{ path, message: problem }] });
}

/** A duplicate id or a parent with children is the caller's 409; credentials that cannot be sealed or opened a 503. */
export async function asHttpError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof EnvironmentConflictError) throw new ConflictException(error.message);
    if (error instanceof CredentialsUnavailableError) throw new ServiceUnavailableException(error.message);
    throw error;
  }
}
