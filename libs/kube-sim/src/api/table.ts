import { isObject, type JsonObject } from '../domain/json-value.js';
import type { ResourceType } from '../domain/resource-types.js';
import { metaOf, nameOf } from '../store/object-store.js';

/** True when the client asked for server-side printing (`kubectl get` without `-o`). */
export const wantsTable = (accept: string | undefined): boolean => Boolean(accept && accept.includes('as=Table'));

interface Column {
  name: string;
  type: string;
  cell: (o: JsonObject) => string | number;
}

const status = (o: JsonObject): JsonObject => (isObject(o.status) ? o.status : {});
const spec = (o: JsonObject): JsonObject => (isObject(o.spec) ? o.spec : {});
const n = (v: unknown): number => Number(v ?? 0);

export function age(created: unknown, now = Date.now()): string {
  const s = Math.max(0, Math.floor((now - Date.parse(String(created))) / 1000));
  if (Number.isNaN(s)) return '<unknown>';
  if (s < 120) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

function podColumns(): Column[] {
  const containers = (o: JsonObject): JsonObject[] =>
    Array.isArray(status(o).containerStatuses) ? (status(o).containerStatuses as JsonObject[]) : [];
  const reason = (o: JsonObject): string => {
    const stateReason = (c: JsonObject): unknown => {
      const state = isObject(c.state) ? c.state : {};
      return (isObject(state.waiting) && state.waiting.reason) || (isObject(state.terminated) && state.terminated.reason) || undefined;
    };
    return String(containers(o).map(stateReason).find(Boolean) ?? status(o).phase ?? 'Pending');
  };
  return [
    {
      name: 'Ready',
      type: 'string',
      cell: (o) =>
        `${containers(o).filter((c) => c.ready === true).length}/${Array.isArray(spec(o).containers) ? (spec(o).containers as unknown[]).length : 0}`,
    },
    { name: 'Status', type: 'string', cell: reason },
    { name: 'Restarts', type: 'string', cell: (o) => String(containers(o).reduce((sum, c) => sum + n(c.restartCount), 0)) },
  ];
}

function columnsFor(rt: ResourceType): Column[] {
  switch (rt.kind) {
    case 'Pod':
      return podColumns();
    case 'Deployment':
      return [
        { name: 'Ready', type: 'string', cell: (o) => `${n(status(o).readyReplicas)}/${n(spec(o).replicas)}` },
        { name: 'Up-to-date', type: 'integer', cell: (o) => n(status(o).updatedReplicas) },
        { name: 'Available', type: 'integer', cell: (o) => n(status(o).availableReplicas) },
      ];
    case 'ReplicaSet':
    case 'StatefulSet':
      return [
        { name: 'Desired', type: 'integer', cell: (o) => n(spec(o).replicas) },
        { name: 'Ready', type: 'integer', cell: (o) => n(status(o).readyReplicas) },
      ];
    case 'Namespace':
      return [{ name: 'Status', type: 'string', cell: (o) => String(status(o).phase ?? 'Active') }];
    case 'Service':
      return [
        { name: 'Type', type: 'string', cell: (o) => String(spec(o).type ?? 'ClusterIP') },
        { name: 'Cluster-IP', type: 'string', cell: (o) => String(spec(o).clusterIP ?? '<none>') },
      ];
    case 'Event':
      return [
        { name: 'Type', type: 'string', cell: (o) => String(o.type ?? '') },
        { name: 'Reason', type: 'string', cell: (o) => String(o.reason ?? '') },
        {
          name: 'Object',
          type: 'string',
          cell: (o) => {
            const io = isObject(o.involvedObject) ? o.involvedObject : {};
            return `${String(io.kind ?? '').toLowerCase()}/${String(io.name ?? '')}`;
          },
        },
        { name: 'Message', type: 'string', cell: (o) => String(o.message ?? '') },
      ];
    case 'Job':
      return [{ name: 'Completions', type: 'string', cell: (o) => `${n(status(o).succeeded)}/${n(spec(o).completions ?? 1)}` }];
    default:
      return [];
  }
}

/** A meta.k8s.io/v1 Table, as the API server renders for `kubectl get`. */
export function toTable(rt: ResourceType, objects: JsonObject[], listMeta: JsonObject): JsonObject {
  const columns = columnsFor(rt);
  const now = Date.now();
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name', description: 'Name', priority: 0 },
      ...columns.map((c) => ({ name: c.name, type: c.type, format: '', description: c.name, priority: 0 })),
      { name: 'Age', type: 'string', format: '', description: 'Age', priority: 0 },
    ],
    rows: objects.map((o) => ({
      cells: [nameOf(o), ...columns.map((c) => c.cell(o)), age(metaOf(o).creationTimestamp, now)],
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: metaOf(o) },
    })),
  };
}
