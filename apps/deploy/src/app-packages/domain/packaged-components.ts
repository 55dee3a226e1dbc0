import { type ApplicationProblem } from '../../applications/domain/application-invalid.error.js';

/** The annotation a resolved configuration carries: the package it was resolved against, `<id>@<version>`. */
export const appPackageAnnotation = 'appmanager.io/app-package';

/** Which package: AppManager's annotations first (`appPackageId`, then `appPackageVersion`), then the launch's choice. */
export interface AppPackageChoice {
  id?: string | undefined;
  version?: string | undefined;
}

/** A component of the configuration whose workload (or add-on content) the app package holds. */
export interface PackagedComponent {
  index: number;
  type: string;
  name: string;
  /** null for `_`: the package's version. */
  version: string | null;
}

export interface ResolvedComponent {
  type: string;
  name: string;
  version: string;
  workload: Record<string, unknown> | null;
  files: Record<string, unknown>;
}

type Doc = { metadata?: { name?: unknown; annotations?: Record<string, unknown> }; spec: { components: Record<string, unknown>[] } };

/** An AppManager ApplicationConfiguration with a component list; anything else is left to the parsers. */
export function asConfiguration(doc: unknown): Doc | null {
  if (typeof doc !== 'object' || doc === null || (doc as { kind?: unknown }).kind !== 'ApplicationConfiguration') return null;
  const spec = (doc as { spec?: { components?: unknown } }).spec;
  return Array.isArray(spec?.components) ? (doc as Doc) : null;
}

/**
 * `TYPE|NAME|_` or `TYPE|NAME|VERSION` with neither `workload:` nor `properties:` takes its workload from the package;
 * an INTERNAL_ADDON with `_` takes its content from it. Add-ons that name a version, and malformed names, are not.
 */
export function packagedComponents(doc: Doc): PackagedComponent[] {
  return doc.spec.components.flatMap((raw, index) => {
    if (typeof raw !== 'object' || raw === null || raw['workload'] || raw['properties']) return [];
    const parts = String(raw['revisionName'] ?? '').split('|');
    if (parts.length !== 3 || parts.some((p) => p.trim() === '')) return [];
    const [type, name, version] = parts as [string, string, string];
    const addon = type.endsWith('_ADDON');
    if (addon && !(type === 'INTERNAL_ADDON' && version === '_')) return [];
    return [{ index, type, name, version: version === '_' ? null : version }];
  });
}

export function appIdOf(doc: Doc, fallback: string): string {
  const appId = doc.metadata?.annotations?.['appId'] ?? doc.metadata?.name;
  return typeof appId === 'string' && appId !== '' ? appId : fallback;
}

/** The package the configuration's annotations name, else the launch's choice (id, else version), else none: the newest. */
export function chosenPackage(doc: Doc, launch: AppPackageChoice = {}): { appPackageId?: string; appPackageVersion?: string } {
  const annotations = doc.metadata?.annotations ?? {};
  const text = (value: unknown) => (value === undefined || value === null || value === '' ? undefined : String(value));
  const id = text(annotations['appPackageId']);
  if (id) return { appPackageId: id };
  const version = text(annotations['appPackageVersion']);
  if (version) return { appPackageVersion: version };
  if (launch.id) return { appPackageId: launch.id };
  if (launch.version) return { appPackageVersion: launch.version };
  return {};
}

/**
 * The configuration with each packaged component filled in: a component gets the package's `workload` (so
 * `toFieldPaths` address it as in AppManager), an INTERNAL_ADDON gets `properties`: the package's workload
 * (`apiVersion`, `kind`, `metadata`, `spec`) plus `options` (option.json), `content` (content.json) and `appId`
 * (the add-on service keeps instances apart from apps), so its `spec.*` paths still address the add-on's spec. `_` becomes the package's component version.
 */
export function inlined(
  doc: Doc,
  wanted: PackagedComponent[],
  appId: string,
  pkg: { id: string; version: string },
  components: ResolvedComponent[],
): { doc: Doc } | { problems: ApplicationProblem[] } {
  const problems: ApplicationProblem[] = [];
  const out = structuredClone(doc);
  for (const want of wanted) {
    const found = components.find((c) => c.type === want.type && c.name === want.name);
    const path = `spec.components[${want.index}].revisionName`;
    if (!found || (want.type !== 'INTERNAL_ADDON' && !found.workload)) {
      problems.push({ path, problem: missing(appId, want, `${pkg.id}@${pkg.version}`) });
      continue;
    }
    const component = out.spec.components[want.index] as Record<string, unknown>;
    component['revisionName'] = `${want.type}|${want.name}|${found.version}`;
    if (want.type === 'INTERNAL_ADDON') {
      component['properties'] = {
        ...(found.workload ?? {}),
        options: found.files['option.json'] ?? null,
        content: found.files['content.json'] ?? null,
        appId,
      };
    } else component['workload'] = found.workload;
  }
  if (problems.length > 0) return { problems };
  out.metadata = { ...out.metadata, annotations: { ...out.metadata?.annotations, [appPackageAnnotation]: `${pkg.id}@${pkg.version}` } };
  return { doc: out };
}

export function missing(appId: string, want: PackagedComponent, where?: string): string {
  const version = want.version === null ? '' : `@${want.version}`;
  return `no app package of "${appId}"${where ? ` (${where})` : ''} has ${want.type}|${want.name}${version}`;
}
