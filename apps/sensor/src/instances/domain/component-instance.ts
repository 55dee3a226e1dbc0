import type { ComponentInstanceStatus } from './instance-status.js';

/** One object deploy applied for a node of the component, with the hash of the spec it applied. */
export interface AppliedObject {
  /** The DAG node that applied it: the component itself, or one of its traits (`TYPE|NAME#trait`). */
  node: string;
  apiVersion: string;
  kind: string;
  name: string;
  specHash: string;
  /** Each applied leaf field with a short hash of its value (absent for events from before drift checks). */
  fields?: Record<string, string>;
}

/** How to ask the component's own plug-in for its status, and its traits (for the Trait Operator). */
export interface InstanceSensing {
  status?: { pluginType: string; name: string; properties: Record<string, unknown> };
  traits: { type: string; name: string; properties: Record<string, unknown> }[];
}

/** An applied object that is no longer as applied: the fields that differ, or missing altogether. */
export interface DriftedObject {
  kind: string;
  name: string;
  fields: string[];
}

/** Where a component instance lives; the identity of a component instance. */
export interface ComponentPlacement {
  appId: string;
  /** '' when the app was deployed without a stage. */
  stage: string;
  cluster: string;
  namespace: string;
  /** `TYPE|NAME` */
  component: string;
}

/** What the sensor knows of a deployed component on one cluster, learnt from deploy's inventory events. */
export interface ComponentInstance extends ComponentPlacement {
  unit: string | undefined;
  componentType: string;
  /** The version of the component node last applied. */
  version: string;
  objects: AppliedObject[];
  status: ComponentInstanceStatus;
  statusMessage: string | undefined;
  drifted: DriftedObject[];
  sensing: InstanceSensing;
  /** When the sensor last looked at it, and when its status last changed. */
  observedAt: Date | undefined;
  /** When each node last applied, so an older event arriving late changes nothing. */
  nodesAppliedAt: Record<string, string>;
  deploymentId: string;
  updatedAt: Date;
}

export interface NodeApplied extends ComponentPlacement {
  unit: string | undefined;
  node: string;
  componentType: string;
  version: string;
  deploymentId: string;
  objects: Omit<AppliedObject, 'node'>[];
  /** Present on the component's own node. */
  sensing?: InstanceSensing;
  appliedAt: Date;
}

export interface NodeRemoved extends ComponentPlacement {
  node: string;
  removedAt: Date;
}

/**
 * An applied node replaces that node's objects and keeps the others' (a component and its
 * traits apply separately). A new instance is PENDING until the sensor has looked at it; an
 * event older than what the node last applied is stale and changes nothing.
 */
export function applyNode(current: ComponentInstance | undefined, applied: NodeApplied): ComponentInstance {
  const previous = current?.nodesAppliedAt[applied.node];
  if (current !== undefined && previous !== undefined && Date.parse(previous) >= applied.appliedAt.getTime()) return current;
  const { node, objects, appliedAt, version, sensing, ...placement } = applied;
  const kept = current?.objects.filter((object) => object.node !== node) ?? [];
  const isComponentNode = node === applied.component;
  return {
    ...placement,
    version: current === undefined || isComponentNode ? version : current.version,
    objects: [...kept, ...objects.map((object) => ({ node, ...object }))],
    status: current?.status ?? 'PENDING',
    statusMessage: current?.statusMessage,
    drifted: current?.drifted ?? [],
    sensing: sensing ?? current?.sensing ?? { traits: [] },
    observedAt: current?.observedAt,
    nodesAppliedAt: { ...current?.nodesAppliedAt, [node]: appliedAt.toISOString() },
    // nodes apply in any order: a component's event may arrive after its trait's
    updatedAt: current !== undefined && current.updatedAt > appliedAt ? current.updatedAt : appliedAt,
  };
}

/**
 * A removed node takes its objects away; with no objects left the instance is gone (undefined).
 * A removal older than the node's last apply was overtaken by a redeploy and changes nothing.
 */
export function removeNode(current: ComponentInstance, removed: NodeRemoved): ComponentInstance | undefined {
  const appliedAt = current.nodesAppliedAt[removed.node];
  if (appliedAt !== undefined && Date.parse(appliedAt) > removed.removedAt.getTime()) return current;
  const objects = current.objects.filter((object) => object.node !== removed.node);
  if (objects.length === 0) return undefined;
  const nodesAppliedAt = Object.fromEntries(Object.entries(current.nodesAppliedAt).filter(([node]) => node !== removed.node));
  return { ...current, objects, nodesAppliedAt, updatedAt: removed.removedAt };
}

/** Just the identity of an instance, out of anything that carries it. */
export function placementOf({ appId, stage, cluster, namespace, component }: ComponentPlacement): ComponentPlacement {
  return { appId, stage, cluster, namespace, component };
}
