import { isObject, type JsonObject } from './json-value.js';

const obj = (parent: JsonObject, key: string): JsonObject => {
  if (!isObject(parent[key])) parent[key] = {};
  return parent[key] as JsonObject;
};

function defaultPodSpec(spec: JsonObject, restartPolicy: string): void {
  spec.restartPolicy ??= restartPolicy;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.terminationGracePeriodSeconds ??= 30;
  for (const c of Array.isArray(spec.containers) ? spec.containers : []) {
    if (!isObject(c)) continue;
    const image = typeof c.image === 'string' ? c.image : '';
    c.imagePullPolicy ??= image.endsWith(':latest') || !image.includes(':') ? 'Always' : 'IfNotPresent';
    c.terminationMessagePath ??= '/dev/termination-log';
    c.terminationMessagePolicy ??= 'File';
    c.resources ??= {};
    for (const p of Array.isArray(c.ports) ? c.ports : []) if (isObject(p)) p.protocol ??= 'TCP';
  }
}

function defaultTemplate(spec: JsonObject, restartPolicy: string): void {
  defaultPodSpec(obj(obj(spec, 'template'), 'spec'), restartPolicy);
}

/**
 * Fills in the defaults the API server's defaulting would, so `get -o yaml` and rollout logic see
 * the same fields as on a real cluster. `allocateClusterIP` hands out a Service address.
 */
export function applyDefaults(kind: string, o: JsonObject, allocateClusterIP: () => string): void {
  const spec = isObject(o.spec) ? o.spec : undefined;
  switch (kind) {
    case 'Deployment':
      if (!spec) return;
      spec.replicas ??= 1;
      spec.revisionHistoryLimit ??= 10;
      spec.progressDeadlineSeconds ??= 600;
      spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
      defaultTemplate(spec, 'Always');
      break;
    case 'ReplicaSet':
    case 'StatefulSet':
      if (!spec) return;
      spec.replicas ??= 1;
      defaultTemplate(spec, 'Always');
      if (kind === 'StatefulSet') spec.podManagementPolicy ??= 'OrderedReady';
      break;
    case 'DaemonSet':
      if (spec) defaultTemplate(spec, 'Always');
      break;
    case 'Job':
      if (!spec) return;
      spec.backoffLimit ??= 6;
      spec.completions ??= 1;
      spec.parallelism ??= 1;
      defaultTemplate(spec, 'Never');
      break;
    case 'Pod':
      if (spec) defaultPodSpec(spec, 'Always');
      break;
    case 'Service':
      defaultService(o, allocateClusterIP);
      break;
    case 'Secret':
      defaultSecret(o);
      break;
  }
}

function defaultService(o: JsonObject, allocateClusterIP: () => string): void {
  const spec = obj(o, 'spec');
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  if (spec.clusterIP === undefined && spec.type !== 'ExternalName') {
    spec.clusterIP = allocateClusterIP();
    spec.clusterIPs = [spec.clusterIP];
  }
  for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
    if (!isObject(p)) continue;
    p.protocol ??= 'TCP';
    p.targetPort ??= p.port ?? null;
  }
}

/** `stringData` is write-only: the API server folds it into base64 `data`, as here. */
function defaultSecret(o: JsonObject): void {
  o.type ??= 'Opaque';
  if (!isObject(o.stringData)) return;
  const data = isObject(o.data) ? { ...o.data } : {};
  for (const [k, v] of Object.entries(o.stringData)) data[k] = Buffer.from(String(v)).toString('base64');
  o.data = data;
  delete o.stringData;
}
