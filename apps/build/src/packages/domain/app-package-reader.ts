import { parse as parseYaml } from 'yaml';
import { appMetaSchema, md5Hex, type AppMeta, type ComponentPackageRef } from './app-package.js';
import {
  appIdLabel,
  componentNameLabel,
  componentVersionAnnotation,
  readComponentZipWithin,
  type ComponentMeta,
} from './component-package.js';
import { PackageInvalidError, schemaProblems, type PackageProblem } from './package-invalid.error.js';
import { sameVersion } from './version.js';
import { UnpackBudget, unpackZip, unsafeEntryName, type ZipLimits } from './zip-archive.js';

export interface AppPackageComponent {
  /** The meta.yaml `componentPackages[]` item this component zip belongs to. */
  readonly entry: ComponentPackageRef;
  readonly relativePath: string;
  /** md5 of the component zip's bytes as found in the app zip. */
  readonly md5: string;
  /** The component zip as found in the app zip. */
  readonly bytes: Uint8Array;
  readonly meta: ComponentMeta;
  readonly files: Record<string, unknown>;
}

export interface AppPackageContent {
  readonly meta: AppMeta;
  readonly components: readonly AppPackageComponent[];
}

function readAppMeta(entries: Record<string, Uint8Array>): AppMeta {
  const bytes = entries['meta.yaml'];
  if (!bytes)
    throw new PackageInvalidError([{ path: 'meta.yaml', problem: 'is not in the archive: an app package has meta.yaml at its top level' }]);
  let document: unknown;
  try {
    document = parseYaml(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new PackageInvalidError([{ path: 'meta.yaml', problem: `is not YAML: ${(error as Error).message}` }]);
  }
  const parsed = appMetaSchema.safeParse(document);
  if (!parsed.success) {
    throw new PackageInvalidError([
      { path: 'meta.yaml', problem: 'is not an app package meta (appId, packageVersion, componentPackages[])' },
      ...schemaProblems('', parsed.error.issues),
    ]);
  }
  return parsed.data;
}

/**
 * What a component zip's meta says against what the app meta declares for it. The name comes from the
 * `componentName` label, or the declaration when the label is empty (AppManager leaves a RESOURCE_ADDON's
 * labels and version empty); the type is not written in a component meta, only in the declaration.
 */
function mismatches(appId: string, ref: ComponentPackageRef, meta: ComponentMeta, path: string): PackageProblem[] {
  const problems: PackageProblem[] = [];
  const { labels, annotations } = meta.metadata;
  const name = labels[componentNameLabel] || labels['componentName'] || ref.componentName;
  if (name !== ref.componentName) {
    problems.push({ path, problem: `${ref.relativePath} holds component "${name}", not "${ref.componentName}"` });
  }
  const labelledApp = labels[appIdLabel] || labels['appId'];
  if (labelledApp && labelledApp !== appId) {
    problems.push({ path, problem: `${ref.relativePath} belongs to app "${labelledApp}", not "${appId}"` });
  }
  const version = annotations[componentVersionAnnotation];
  if (version && !safeSameVersion(version, ref.packageVersion)) {
    problems.push({ path, problem: `${ref.relativePath} is version "${version}", not "${ref.packageVersion}"` });
  }
  return problems;
}

function safeSameVersion(a: string, b: string): boolean {
  try {
    return sameVersion(a, b);
  } catch {
    return false;
  }
}

function readComponent(
  meta: AppMeta,
  entries: Record<string, Uint8Array>,
  budget: UnpackBudget,
  index: number,
): AppPackageComponent | PackageProblem[] {
  const ref = meta.componentPackages[index]!;
  const path = `componentPackages[${index}]`;
  const unsafe = unsafeEntryName(ref.relativePath);
  if (unsafe) return [{ path: `${path}.relativePath`, problem: unsafe }];
  const bytes = entries[ref.relativePath];
  if (!bytes) return [{ path: `${path}.relativePath`, problem: `"${ref.relativePath}" is not in the archive` }];
  try {
    const { meta: componentMeta, files } = readComponentZipWithin(bytes, ref.relativePath, budget);
    const problems = mismatches(meta.appId, ref, componentMeta, path);
    if (problems.length > 0) return problems;
    return { entry: ref, relativePath: ref.relativePath, md5: md5Hex(bytes), bytes, meta: componentMeta, files };
  } catch (error) {
    if (error instanceof PackageInvalidError) return [...error.problems];
    throw error;
  }
}

function duplicates(meta: AppMeta): PackageProblem[] {
  const seen = new Map<string, number>();
  return meta.componentPackages.flatMap((ref, index) => {
    const key = `${ref.componentType}|${ref.componentName}`;
    const first = seen.get(key);
    seen.set(key, first ?? index);
    return first === undefined
      ? []
      : [{ path: `componentPackages[${index}]`, problem: `${key} is already declared at componentPackages[${first}]` }];
  });
}

/**
 * Reads an app package zip, as an import does, refusing it with PackageInvalidError naming every problem: no or
 * an invalid meta.yaml, a declared component zip missing or unreadable or not the component declared, unsafe entry
 * names (zip-slip), and more entries or declared uncompressed bytes than `limits` allow (checked before inflating).
 */
export function readAppZip(bytes: Uint8Array, limits?: ZipLimits): AppPackageContent {
  const budget = new UnpackBudget(limits);
  const entries = unpackZip(bytes, 'app package', budget);
  const meta = readAppMeta(entries);
  const problems = duplicates(meta);
  const components: AppPackageComponent[] = [];
  meta.componentPackages.forEach((_ref, index) => {
    const read = readComponent(meta, entries, budget, index);
    if (Array.isArray(read)) problems.push(...read);
    else components.push(read);
  });
  if (problems.length > 0) throw new PackageInvalidError(problems);
  return { meta, components };
}
