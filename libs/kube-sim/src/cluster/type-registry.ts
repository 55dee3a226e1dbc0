import { isObject, type JsonObject } from '../domain/json-value.js';
import { BUILTIN_TYPES, type ResourceType } from '../domain/resource-types.js';

const builtinIndex = new Map<string, ResourceType>(BUILTIN_TYPES.map((rt) => [`${rt.group}/${rt.version}/${rt.resource}`, rt]));

/**
 * The resources one cluster serves: the built-ins (shared by all clusters) plus whatever its
 * CustomResourceDefinitions declare, added and removed as CRDs are written.
 */
export class TypeRegistry {
  private custom = new Map<string, ResourceType>();

  find(group: string, version: string, resource: string): ResourceType | undefined {
    const key = `${group}/${version}/${resource}`;
    return builtinIndex.get(key) ?? this.custom.get(key);
  }

  /** Finds a type by group and kind, e.g. to resolve an ownerReference. */
  findKind(group: string, kind: string): ResourceType | undefined {
    return this.all().find((rt) => rt.group === group && rt.kind === kind);
  }

  all(): ResourceType[] {
    return this.custom.size === 0 ? [...BUILTIN_TYPES] : [...BUILTIN_TYPES, ...this.custom.values()];
  }

  /** Re-reads a CRD's served versions; `crd` undefined (deleted) removes them. */
  syncCrd(name: string, crd: JsonObject | undefined): void {
    for (const [key, rt] of this.custom) if (`${rt.resource}.${rt.group}` === name) this.custom.delete(key);
    if (!crd) return;
    for (const rt of typesOfCrd(crd)) this.custom.set(`${rt.group}/${rt.version}/${rt.resource}`, rt);
  }
}

function typesOfCrd(crd: JsonObject): ResourceType[] {
  const spec = isObject(crd.spec) ? crd.spec : {};
  const names = isObject(spec.names) ? spec.names : {};
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObject) : [];
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
  return versions
    .filter((v) => v.served !== false)
    .map((v) => {
      const categories = strings(names.categories);
      return {
        group: String(spec.group),
        version: String(v.name),
        resource: String(names.plural),
        singular: String(names.singular ?? String(names.kind).toLowerCase()),
        kind: String(names.kind),
        namespaced: spec.scope !== 'Cluster',
        shortNames: strings(names.shortNames),
        hasStatus: isObject(v.subresources) && isObject(v.subresources.status),
        ...(categories.length > 0 ? { categories } : {}),
      };
    });
}
