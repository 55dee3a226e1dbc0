import type { KubeHostApi, KubeListQuery, KubeObject, KubeObjectRef } from '../abi/host-api.types.js';

/**
 * An in-memory cluster for plug-in unit tests. Like the real host it stays inside one namespace:
 * touching another namespace throws, so a test catches a plug-in that would be refused in production.
 */
export class FakeKube implements KubeHostApi {
  private readonly objects = new Map<string, KubeObject>();

  constructor(
    readonly namespace: string,
    seed: KubeObject[] = [],
  ) {
    for (const object of seed) this.objects.set(this.key(object.apiVersion, object.kind, object.metadata.name), this.scoped(object));
  }

  /** Everything in the fake cluster, for assertions. */
  all(): KubeObject[] {
    return [...this.objects.values()].map((o) => structuredClone(o));
  }

  async get(ref: KubeObjectRef): Promise<KubeObject | null> {
    this.checkNamespace(ref.namespace);
    const found = this.objects.get(this.key(ref.apiVersion, ref.kind, ref.name));
    return found ? structuredClone(found) : null;
  }

  async list(query: KubeListQuery): Promise<KubeObject[]> {
    this.checkNamespace(query.namespace);
    const wanted = parseSelector(query.labelSelector);
    return this.all().filter(
      (o) =>
        o.apiVersion === query.apiVersion &&
        o.kind === query.kind &&
        Object.entries(wanted).every(([k, v]) => o.metadata.labels?.[k] === v),
    );
  }

  async apply(object: KubeObject): Promise<KubeObject> {
    const scoped = this.scoped(object);
    this.objects.set(this.key(scoped.apiVersion, scoped.kind, scoped.metadata.name), scoped);
    return structuredClone(scoped);
  }

  async delete(ref: KubeObjectRef): Promise<boolean> {
    this.checkNamespace(ref.namespace);
    return this.objects.delete(this.key(ref.apiVersion, ref.kind, ref.name));
  }

  private scoped(object: KubeObject): KubeObject {
    this.checkNamespace(object.metadata?.namespace);
    const copy = structuredClone(object);
    copy.metadata.namespace = this.namespace;
    return copy;
  }

  private checkNamespace(namespace: string | undefined): void {
    if (namespace !== undefined && namespace !== this.namespace) {
      throw new Error(`namespace "${namespace}" is outside the target namespace "${this.namespace}"`);
    }
  }

  private key(apiVersion: string, kind: string, name: string): string {
    return `${apiVersion}/${kind}/${name}`;
  }
}

/** Equality selectors only (`a=b,c=d`), which is what plug-ins use in practice. */
function parseSelector(selector: string | undefined): Record<string, string> {
  if (!selector) return {};
  return Object.fromEntries(
    selector.split(',').map((part) => {
      const [k, v] = part.split('=');
      return [k?.trim() ?? '', v?.trim() ?? ''];
    }),
  );
}
