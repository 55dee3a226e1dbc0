import { randomBytes } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { alreadyExists, badRequest, forbidden, notFound, staleConflict, unsupportedMediaType, ApiError } from '../domain/api-error.js';
import { applyDefaults } from '../domain/defaults.js';
import { applyJsonPatch } from '../domain/json-patch.js';
import { cloneJson, isObject, jsonEqual, type Json, type JsonObject } from '../domain/json-value.js';
import { applyMergePatch } from '../domain/merge-patch.js';
import { groupVersion, typeKey, type ResourceType } from '../domain/resource-types.js';
import { recordUpdate, serverSideApply } from '../domain/server-side-apply.js';
import { applyStrategicMergePatch } from '../domain/strategic-merge-patch.js';
import { validateObject } from '../domain/validation.js';
import { metaOf, type ObjectStore } from '../store/object-store.js';
import { collectGarbage } from './garbage-collector.js';
import type { TypeRegistry } from './type-registry.js';

export interface WriteOptions {
  /** the field manager credited in managedFields */
  manager: string;
  dryRun?: boolean;
  force?: boolean;
}

/** Namespaces the API server refuses to delete. */
const PROTECTED_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** Fields the server owns: whatever a client sends for them is ignored. */
const SERVER_META = ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'deletionTimestamp', 'selfLink'];

/**
 * Every write to a cluster goes through here, for clients and controllers alike: validation,
 * defaulting, optimistic concurrency, generation, managedFields, the status subresource rules,
 * and (for CRDs) serving the new types.
 */
export class ResourceWriter {
  private nextIp = 1;

  constructor(
    private readonly store: ObjectStore,
    private readonly types: TypeRegistry,
  ) {}

  create(rt: ResourceType, namespace: string, body: JsonObject, opts: WriteOptions): JsonObject {
    const o = this.prepareIncoming(rt, namespace, body);
    const meta = metaOf(o);
    if (!meta.name && typeof meta.generateName === 'string')
      meta.name = `${meta.generateName}${randomBytes(3).toString('hex').slice(0, 5)}`;
    if (rt.hasStatus && rt.kind !== 'Namespace') delete o.status;
    if (rt.kind === 'Namespace') o.status = { phase: 'Active' };
    applyDefaults(rt.kind, o, () => this.allocateIp());
    validateObject(rt.kind, rt.group, o);
    if (rt.namespaced) this.requireNamespace(namespace);
    const key = typeKey(rt.group, rt.resource);
    if (this.store.get(key, namespace, String(meta.name))) throw alreadyExists(rt, String(meta.name));
    if (isObject(o.spec)) meta.generation = 1;
    recordUpdate(undefined, o, opts.manager, now());
    if (opts.dryRun) return o;
    const stored = this.store.create(key, o);
    this.afterWrite(rt, stored);
    return stored;
  }

  update(rt: ResourceType, namespace: string, name: string, body: JsonObject, opts: WriteOptions, subresource?: string): JsonObject {
    const key = typeKey(rt.group, rt.resource);
    const live = this.store.get(key, namespace, name);
    if (!live) throw notFound(rt, name);
    const incoming = this.prepareIncoming(rt, namespace, body);
    const meta = metaOf(incoming);
    if (meta.name !== name) throw badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`);
    const sentRv = (isObject(body.metadata) ? body.metadata.resourceVersion : undefined) as string | undefined;
    if (sentRv && sentRv !== metaOf(live).resourceVersion) throw staleConflict(rt, name);
    return this.commit(rt, live, incoming, opts, subresource);
  }

  patch(
    rt: ResourceType,
    namespace: string,
    name: string,
    contentType: string,
    raw: string,
    opts: WriteOptions,
    subresource?: string,
  ): JsonObject {
    const key = typeKey(rt.group, rt.resource);
    const live = this.store.get(key, namespace, name);
    const type = contentType.split(';')[0]!.trim();
    if (type === 'application/apply-patch+yaml' || type === 'application/apply-patch+cbor')
      return this.apply(rt, namespace, name, live, raw, opts, subresource);
    if (!live) throw notFound(rt, name);
    const patch = parseJson(raw);
    let result: Json;
    if (type === 'application/merge-patch+json') result = applyMergePatch(cloneJson(live), patch);
    else if (type === 'application/json-patch+json') result = applyJsonPatch(live, patch);
    else if (type === 'application/strategic-merge-patch+json') {
      if (!isBuiltin(rt)) throw unsupportedMediaType(type);
      result = applyStrategicMergePatch(cloneJson(live), patch);
    } else throw unsupportedMediaType(contentType);
    if (!isObject(result)) throw badRequest('the patch did not produce an object');
    const incoming = this.prepareIncoming(rt, namespace, result);
    const patchedRv = metaOf(result).resourceVersion;
    if (patchedRv && patchedRv !== metaOf(live).resourceVersion) throw staleConflict(rt, name);
    metaOf(incoming).name = name;
    return this.commit(rt, live, incoming, opts, subresource);
  }

  private apply(
    rt: ResourceType,
    namespace: string,
    name: string,
    live: JsonObject | undefined,
    raw: string,
    opts: WriteOptions,
    subresource?: string,
  ): JsonObject {
    let config: unknown;
    try {
      config = parseYaml(raw);
    } catch (err) {
      throw badRequest(`error decoding YAML: ${(err as Error).message}`);
    }
    if (!isObject(config)) throw badRequest('an apply configuration must be an object');
    if (config.kind !== rt.kind || config.apiVersion !== groupVersion(rt)) {
      throw badRequest(`the apply configuration must have apiVersion "${groupVersion(rt)}" and kind "${rt.kind}"`);
    }
    const meta = metaOf(config);
    if (meta.name !== undefined && meta.name !== name)
      throw badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`);
    meta.name = name;
    if (rt.namespaced) meta.namespace = namespace;
    const merged = serverSideApply(live, config, { manager: opts.manager, force: opts.force === true, now: now() });
    if (!live) return this.createApplied(rt, namespace, merged, opts);
    const incoming = this.prepareIncoming(rt, namespace, merged, true);
    return this.commit(rt, live, incoming, opts, subresource, true);
  }

  private createApplied(rt: ResourceType, namespace: string, merged: JsonObject, opts: WriteOptions): JsonObject {
    const managed = metaOf(merged).managedFields;
    const o = this.prepareIncoming(rt, namespace, merged);
    applyDefaults(rt.kind, o, () => this.allocateIp());
    validateObject(rt.kind, rt.group, o);
    if (rt.namespaced) this.requireNamespace(namespace);
    if (rt.kind === 'Namespace') o.status = { phase: 'Active' };
    if (isObject(o.spec)) metaOf(o).generation = 1;
    if (managed) metaOf(o).managedFields = managed;
    if (opts.dryRun) return o;
    const stored = this.store.create(typeKey(rt.group, rt.resource), o);
    this.afterWrite(rt, stored);
    return stored;
  }

  /** Shared tail of update, patch and apply: subresource rules, generation, validation, storage. */
  private commit(
    rt: ResourceType,
    live: JsonObject,
    incoming: JsonObject,
    opts: WriteOptions,
    subresource?: string,
    managedByApply = false,
  ): JsonObject {
    let next: JsonObject;
    if (subresource === 'status') next = { ...cloneJson(live), status: incoming.status ?? {} };
    else if (subresource) throw notFound({ group: rt.group, resource: `${rt.resource}/${subresource}` }, String(metaOf(live).name));
    else {
      next = incoming;
      if (rt.hasStatus && live.status !== undefined) next.status = cloneJson(live.status);
      else if (rt.hasStatus) delete next.status;
    }
    const liveMeta = metaOf(live);
    const meta = metaOf(next);
    for (const f of ['uid', 'creationTimestamp', 'generation', 'deletionTimestamp']) if (liveMeta[f] !== undefined) meta[f] = liveMeta[f]!;
    if (!managedByApply && liveMeta.managedFields) meta.managedFields = cloneJson(liveMeta.managedFields);
    applyDefaults(rt.kind, next, () => this.allocateIp());
    validateObject(rt.kind, rt.group, next);
    if (isObject(next.spec) && !jsonEqual(next.spec, live.spec)) meta.generation = Number(liveMeta.generation ?? 0) + 1;
    if (!managedByApply && !subresource) recordUpdate(live, next, opts.manager, now());
    if (jsonEqual({ ...next, metadata: { ...meta, resourceVersion: null } }, { ...live, metadata: { ...liveMeta, resourceVersion: null } }))
      return live;
    if (opts.dryRun) return next;
    const stored = this.store.replace(typeKey(rt.group, rt.resource), next);
    this.afterWrite(rt, stored);
    return stored;
  }

  delete(rt: ResourceType, namespace: string, name: string, propagation: string | undefined, dryRun = false): JsonObject {
    const key = typeKey(rt.group, rt.resource);
    const live = this.store.get(key, namespace, name);
    if (!live) throw notFound(rt, name);
    if (rt.kind === 'Namespace' && PROTECTED_NAMESPACES.has(name))
      throw forbidden(`namespaces "${name}" is forbidden: this namespace may not be deleted`);
    if (dryRun) return live;
    const deleted = this.store.remove(key, namespace, name)!;
    if (rt.kind === 'CustomResourceDefinition') this.dropCustomResources(live);
    if (rt.kind === 'CustomResourceDefinition' || rt.kind === 'Namespace') this.afterWrite(rt, undefined, name);
    collectGarbage(this.store, this.types, deleted, propagation === 'Orphan');
    return deleted;
  }

  /** Normalises a body: apiVersion/kind of the URL's type, namespace of the URL, server fields dropped. */
  private prepareIncoming(rt: ResourceType, namespace: string, body: JsonObject, keepManaged = false): JsonObject {
    if (body.kind !== undefined && body.kind !== rt.kind)
      throw badRequest(`the kind of the object (${String(body.kind)}) does not match the URL (${rt.kind})`);
    const o = cloneJson(body);
    o.apiVersion = groupVersion(rt);
    o.kind = rt.kind;
    const meta = metaOf(o);
    if (rt.namespaced) {
      if (meta.namespace !== undefined && meta.namespace !== '' && meta.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      meta.namespace = namespace;
    } else delete meta.namespace;
    for (const f of SERVER_META) if (!(keepManaged && f === 'managedFields')) delete meta[f];
    return o;
  }

  private requireNamespace(namespace: string): void {
    if (!this.store.get('/namespaces', '', namespace)) throw notFound({ group: '', resource: 'namespaces' }, namespace);
  }

  private afterWrite(rt: ResourceType, stored: JsonObject | undefined, deletedName?: string): void {
    if (rt.kind === 'CustomResourceDefinition') this.types.syncCrd(deletedName ?? String(metaOf(stored!).name), stored);
    if (rt.kind === 'CustomResourceDefinition' && stored && !isObject(stored.status)) {
      const established = {
        conditions: [
          { type: 'Established', status: 'True', reason: 'InitialNamesAccepted' },
          { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts' },
        ],
        acceptedNames: (stored.spec as JsonObject).names ?? {},
      };
      this.store.replace(typeKey(rt.group, rt.resource), { ...stored, status: established });
    }
  }

  private dropCustomResources(crd: JsonObject): void {
    const spec = crd.spec as JsonObject;
    const key = typeKey(String(spec.group), String((spec.names as JsonObject).plural));
    for (const o of this.store.list(key)) this.store.remove(key, String(metaOf(o).namespace ?? ''), String(metaOf(o).name));
  }

  private allocateIp(): string {
    const n = this.nextIp++;
    return `10.96.${(n >> 8) & 255}.${n & 255}`;
  }
}

const isBuiltin = (rt: ResourceType): boolean => !rt.group.includes('.') || rt.group.endsWith('.k8s.io');

function parseJson(raw: string): Json {
  try {
    return JSON.parse(raw) as Json;
  } catch (err) {
    throw new ApiError(400, 'BadRequest', `error decoding patch: ${(err as Error).message}`);
  }
}
