import { randomUUID } from 'node:crypto';
import { gone } from '../domain/api-error.js';
import { isObject, type JsonObject } from '../domain/json-value.js';
import { typeKey } from '../domain/resource-types.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change, kept in the ring buffer so a watch can resume from a resourceVersion. */
export interface StoreEvent {
  rv: number;
  key: string;
  namespace: string;
  type: WatchEventType;
  object: JsonObject;
}

export type StoreListener = (event: StoreEvent) => void;

export const metaOf = (o: JsonObject): JsonObject => (isObject(o.metadata) ? o.metadata : (o.metadata = {}));
export const nameOf = (o: JsonObject): string => String(metaOf(o).name ?? '');
export const namespaceOf = (o: JsonObject): string => String(metaOf(o).namespace ?? '');

/**
 * The objects of one materialised virtual cluster: a map per resource type keyed by
 * `namespace/name`, one resourceVersion counter, and a bounded ring of recent events that
 * watches resume from (older versions answer 410 Gone, as after etcd compaction).
 * Stored objects are replaced, never mutated, so readers may hold them.
 */
export class ObjectStore {
  private readonly objects = new Map<string, Map<string, JsonObject>>();
  private readonly ring: StoreEvent[] = [];
  private ringStart = 0;
  private rv = 1;
  /** Events with rv below this are gone from the ring. */
  private oldestRv = 1;
  private readonly listeners = new Set<StoreListener>();

  constructor(private readonly ringSize: number) {}

  get resourceVersion(): string {
    return String(this.rv);
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(key: string, namespace: string, name: string): JsonObject | undefined {
    return this.objects.get(key)?.get(`${namespace}/${name}`);
  }

  /** Objects of a type, in namespace/name order, optionally limited to one namespace. */
  list(key: string, namespace?: string): JsonObject[] {
    const byName = this.objects.get(key);
    if (!byName) return [];
    const out: JsonObject[] = [];
    const prefix = namespace === undefined ? undefined : `${namespace}/`;
    for (const [k, v] of byName) if (prefix === undefined || k.startsWith(prefix)) out.push(v);
    return out.sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  }

  /** Every object in every type; used for owner-reference garbage collection and namespace deletion. */
  *all(): Iterable<[string, JsonObject]> {
    for (const [key, byName] of this.objects) for (const o of byName.values()) yield [key, o];
  }

  /** Stores a new object, stamping uid, creationTimestamp and resourceVersion. */
  create(key: string, o: JsonObject): JsonObject {
    const meta = metaOf(o);
    meta.uid ??= randomUUID();
    meta.creationTimestamp ??= new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    return this.put(key, o, 'ADDED');
  }

  /** Replaces a stored object; the caller has already checked resourceVersion. */
  replace(key: string, o: JsonObject): JsonObject {
    return this.put(key, o, 'MODIFIED');
  }

  remove(key: string, namespace: string, name: string): JsonObject | undefined {
    const byName = this.objects.get(key);
    const existing = byName?.get(`${namespace}/${name}`);
    if (!byName || !existing) return undefined;
    byName.delete(`${namespace}/${name}`);
    const deleted = { ...existing, metadata: { ...metaOf(existing), resourceVersion: String(++this.rv) } };
    this.emit({ rv: this.rv, key, namespace, type: 'DELETED', object: deleted });
    return deleted;
  }

  /** Events after `fromRv`, or 410 Gone when some of them have left the ring. */
  eventsSince(fromRv: number): StoreEvent[] {
    if (fromRv < this.oldestRv - 1) {
      throw gone(`too old resource version: ${fromRv} (${this.oldestRv - 1})`);
    }
    const events: StoreEvent[] = [];
    for (let i = 0; i < this.ring.length; i++) {
      const e = this.ring[(this.ringStart + i) % this.ring.length]!;
      if (e.rv > fromRv) events.push(e);
    }
    return events;
  }

  /** Forgets all history, as an etcd compaction would: watches from any older version get 410. */
  compact(): void {
    this.ring.length = 0;
    this.ringStart = 0;
    this.oldestRv = this.rv + 1;
  }

  private put(key: string, o: JsonObject, type: WatchEventType): JsonObject {
    const meta = metaOf(o);
    meta.resourceVersion = String(++this.rv);
    const namespace = String(meta.namespace ?? '');
    let byName = this.objects.get(key);
    if (!byName) this.objects.set(key, (byName = new Map()));
    byName.set(`${namespace}/${String(meta.name)}`, o);
    this.emit({ rv: this.rv, key, namespace, type, object: o });
    return o;
  }

  private emit(event: StoreEvent): void {
    if (this.ringSize > 0) {
      if (this.ring.length < this.ringSize) this.ring.push(event);
      else {
        this.ring[this.ringStart] = event;
        this.ringStart = (this.ringStart + 1) % this.ringSize;
        this.oldestRv = this.ring[this.ringStart]!.rv;
      }
    }
    for (const l of this.listeners) l(event);
  }
}

const sortKey = (o: JsonObject): string => `${namespaceOf(o)}/${nameOf(o)}`;

export { typeKey };
