import { type ApplicationProblem } from '../../applications/domain/application-invalid.error.js';
import { type TargetRef } from '../../applications/domain/application.model.js';
import { type Cluster, type Namespace, type ResolvedTarget, type Stage, type Unit } from './environment.model.js';

/** The environment as far as resolution needs it (a snapshot read by the application layer). */
export interface EnvironmentCatalog {
  units: readonly Unit[];
  clusters: readonly Cluster[];
  namespaces: readonly Namespace[];
  stages: readonly Stage[];
}

/**
 * Resolves a deployment's target (request over application annotations over component scopes) against the
 * catalog. Every part that does not exist, or does not belong to its parent, is a problem naming its path.
 */
export function resolveTarget(target: TargetRef, catalog: EnvironmentCatalog, path: string): ResolvedTarget | ApplicationProblem[] {
  const problems: ApplicationProblem[] = [];
  if (!target.cluster) problems.push({ path: `${path}.cluster`, problem: 'a deployment needs a target cluster' });
  if (!target.namespace) problems.push({ path: `${path}.namespace`, problem: 'a deployment needs a target namespace' });
  if (problems.length > 0) return problems;
  const cluster = catalog.clusters.find((c) => c.id === target.cluster);
  if (!cluster) return [{ path: `${path}.cluster`, problem: `cluster "${target.cluster}" does not exist` }];
  const unit = catalog.units.find((u) => u.id === cluster.unitId) as Unit;
  if (target.unit && target.unit !== cluster.unitId) {
    problems.push({ path: `${path}.unit`, problem: `cluster "${cluster.id}" belongs to unit "${cluster.unitId}", not "${target.unit}"` });
  }
  const namespace = catalog.namespaces.find(
    (n) => n.clusterId === cluster.id && (n.id === target.namespace || n.name === target.namespace),
  );
  if (!namespace)
    problems.push({ path: `${path}.namespace`, problem: `namespace "${target.namespace}" does not exist in cluster "${cluster.id}"` });
  let stage: Stage | null = null;
  if (target.stage && namespace) {
    stage = catalog.stages.find((s) => s.namespaceId === namespace.id && (s.id === target.stage || s.name === target.stage)) ?? null;
    if (!stage)
      problems.push({ path: `${path}.stage`, problem: `stage "${target.stage}" does not exist in namespace "${namespace.name}"` });
  }
  if (problems.length > 0) return problems;
  return { unit, cluster, namespace: namespace as Namespace, stage };
}
