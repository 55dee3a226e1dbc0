import { invalid, type ApiError, type StatusCause } from './api-error.js';
import { parseCronSchedule } from './cron-schedule.js';
import { isObject, type JsonObject } from './json-value.js';
import { labelSelectorMatcher } from './selectors.js';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Kinds whose names end up in DNS and must be a single label, as the API server enforces. */
const LABEL_NAMED = new Set(['Namespace', 'Service']);

const obj = (v: unknown): JsonObject => (isObject(v) ? v : {});
const required = (field: string): StatusCause => ({ reason: 'FieldValueRequired', field, message: 'Required value' });

function checkName(kind: string, name: unknown, causes: StatusCause[]): void {
  if (typeof name !== 'string' || name === '') {
    causes.push({ reason: 'FieldValueRequired', field: 'metadata.name', message: 'name or generateName is required' });
    return;
  }
  const label = LABEL_NAMED.has(kind);
  const ok = label ? DNS_LABEL.test(name) && name.length <= 63 : DNS_SUBDOMAIN.test(name) && name.length <= 253;
  if (!ok) {
    const what = label ? 'RFC 1123 label' : 'RFC 1123 subdomain';
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'metadata.name',
      message: `Invalid value: "${name}": a lowercase ${what} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
    });
  }
}

function checkPodSpec(spec: JsonObject, path: string, causes: StatusCause[]): void {
  const containers = spec.containers;
  if (!Array.isArray(containers) || containers.length === 0) {
    causes.push(required(`${path}.containers`));
    return;
  }
  containers.forEach((c, i) => {
    const container = obj(c);
    if (typeof container.name !== 'string' || !DNS_LABEL.test(container.name)) causes.push(required(`${path}.containers[${i}].name`));
    if (typeof container.image !== 'string' || container.image.trim() === '') causes.push(required(`${path}.containers[${i}].image`));
  });
}

function checkWorkload(spec: JsonObject, causes: StatusCause[], allowedRestart?: string[]): void {
  const template = obj(spec.template);
  const podSpec = obj(template.spec);
  checkPodSpec(podSpec, 'spec.template.spec', causes);
  if (allowedRestart) {
    const rp = podSpec.restartPolicy;
    if (typeof rp !== 'string' || !allowedRestart.includes(rp)) {
      causes.push({
        reason: 'FieldValueNotSupported',
        field: 'spec.template.spec.restartPolicy',
        message: `Unsupported value: "${String(rp ?? 'Always')}": supported values: ${allowedRestart.map((r) => `"${r}"`).join(', ')}`,
      });
    }
  }
}

function checkSelected(spec: JsonObject, causes: StatusCause[]): void {
  if (!isObject(spec.selector)) {
    causes.push(required('spec.selector'));
    return;
  }
  const labels = obj(obj(obj(spec.template).metadata).labels) as Record<string, string>;
  if (!labelSelectorMatcher(spec.selector as never)(labels)) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.template.metadata.labels',
      message: 'Invalid value: `selector` does not match template `labels`',
    });
  }
}

function checkSpec(kind: string, o: JsonObject, causes: StatusCause[]): void {
  const spec = obj(o.spec);
  switch (kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
      checkSelected(spec, causes);
      checkWorkload(spec, causes);
      if (spec.replicas !== undefined && (typeof spec.replicas !== 'number' || spec.replicas < 0)) {
        causes.push({ reason: 'FieldValueInvalid', field: 'spec.replicas', message: 'must be greater than or equal to 0' });
      }
      break;
    case 'Job':
      checkWorkload(spec, causes, ['OnFailure', 'Never']);
      break;
    case 'CronJob':
      if (typeof spec.schedule !== 'string' || spec.schedule.trim() === '') causes.push(required('spec.schedule'));
      else {
        try {
          parseCronSchedule(spec.schedule);
        } catch (err) {
          causes.push(...((err as ApiError).details?.causes ?? []));
        }
      }
      checkWorkload(obj(obj(spec.jobTemplate).spec), causes, ['OnFailure', 'Never']);
      break;
    case 'Pod':
      checkPodSpec(spec, 'spec', causes);
      break;
    case 'Service':
      (Array.isArray(spec.ports) ? spec.ports : []).forEach((p, i) => {
        const port = obj(p).port;
        if (typeof port !== 'number' || port < 1 || port > 65535)
          causes.push({ reason: 'FieldValueInvalid', field: `spec.ports[${i}].port`, message: 'must be between 1 and 65535, inclusive' });
      });
      break;
    case 'CustomResourceDefinition':
      checkCrd(o, spec, causes);
      break;
  }
}

function checkCrd(o: JsonObject, spec: JsonObject, causes: StatusCause[]): void {
  const names = obj(spec.names);
  if (typeof spec.group !== 'string' || !spec.group.includes('.'))
    causes.push({ reason: 'FieldValueInvalid', field: 'spec.group', message: 'should be a domain with at least one dot' });
  if (typeof names.plural !== 'string' || !names.plural) causes.push(required('spec.names.plural'));
  if (typeof names.kind !== 'string' || !names.kind) causes.push(required('spec.names.kind'));
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster')
    causes.push({
      reason: 'FieldValueNotSupported',
      field: 'spec.scope',
      message: 'Unsupported value: supported values: "Cluster", "Namespaced"',
    });
  if (!Array.isArray(spec.versions) || spec.versions.length === 0) causes.push(required('spec.versions'));
  const expected = `${String(names.plural)}.${String(spec.group)}`;
  if (obj(o.metadata).name !== expected)
    causes.push({ reason: 'FieldValueInvalid', field: 'metadata.name', message: `must be spec.names.plural+"."+spec.group` });
}

/** Validates an object about to be stored; throws a 422 `Invalid` Status naming every bad field. */
export function validateObject(kind: string, group: string, o: JsonObject): void {
  const causes: StatusCause[] = [];
  const meta = obj(o.metadata);
  checkName(kind, meta.name, causes);
  checkSpec(kind, o, causes);
  if (causes.length > 0) throw invalid(kind, group, typeof meta.name === 'string' ? meta.name : '', causes);
}
