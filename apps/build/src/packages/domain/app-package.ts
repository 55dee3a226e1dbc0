import { createHash } from 'node:crypto';
import { stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';
import { PackageInvalidError, type PackageProblem } from './package-invalid.error.js';
import { parseVersion, sameVersion } from './version.js';
import { packZip } from './zip-archive.js';

const versionText = z.string().superRefine((value, context) => {
  try {
    parseVersion(value);
  } catch (error) {
    context.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

/** `packageCreator: 999999999` unquoted reads as a number; AppManager means the text. */
const text = z.union([z.string(), z.number()]).transform(String);

const componentPackageRefSchema = z.looseObject({
  componentType: z.string().min(1),
  componentName: z.string().min(1),
  packageVersion: versionText,
  relativePath: z.string().min(1),
  packageCreator: text.optional(),
  packageMd5: z.string().optional(),
  packageAddon: z.string().nullish(),
  packageOptions: z.string().nullish(),
  packageExt: z.string().nullish(),
});

/** An app package's `meta.yaml` (AppManager's `AppPackageSchema`); keys this platform does not read are kept. */
export const appMetaSchema = z.looseObject({
  appId: z.string().min(1),
  packageVersion: versionText,
  packageCreator: text.optional(),
  tags: z
    .array(z.string())
    .nullish()
    .transform((tags) => tags ?? []),
  componentPackages: z.array(componentPackageRefSchema),
});

export type AppMeta = z.infer<typeof appMetaSchema>;
export type ComponentPackageRef = z.infer<typeof componentPackageRefSchema>;

/** The entry name of a component zip inside an app zip: `K8S_MICROSERVICE_tkgone.zip`. */
export function componentZipName(componentType: string, componentName: string): string {
  return `${componentType.replace(/\//g, '_')}_${componentName}.zip`;
}

export function md5Hex(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

export interface AppPackageInput {
  readonly meta: AppMeta;
  readonly components: readonly { readonly relativePath: string; readonly bytes: Uint8Array }[];
}

/** The app package zip (`meta.yaml` plus one zip per component); identical content gives identical bytes. */
export function packAppZip({ meta, components }: AppPackageInput): Uint8Array {
  const given = new Set(components.map((component) => component.relativePath));
  const problems: PackageProblem[] = meta.componentPackages.flatMap((ref, index) =>
    given.has(ref.relativePath)
      ? []
      : [{ path: `componentPackages[${index}].relativePath`, problem: `no component zip was given for "${ref.relativePath}"` }],
  );
  if (problems.length > 0) throw new PackageInvalidError(problems);
  const files: Record<string, Uint8Array | string> = {};
  for (const component of components) files[component.relativePath] = component.bytes;
  return packZip({ ...files, 'meta.yaml': stringifyYaml(meta, { sortMapEntries: true }) });
}

/** The app meta stored under another version (AppManager's import with `resetVersion`). */
export function withVersion(meta: AppMeta, version: string): AppMeta {
  parseVersion(version);
  return { ...meta, packageVersion: version };
}

export type ImportVersionDecision = { readonly version: string } | { readonly problem: PackageProblem };

/**
 * The version an import stores: meta.yaml's, unless the request names one; a requested version that differs
 * from meta.yaml's (build metadata aside) is refused unless `resetVersion`, which stores the requested one.
 */
export function checkImportVersion(meta: AppMeta, requestedVersion: string | undefined, resetVersion: boolean): ImportVersionDecision {
  if (requestedVersion === undefined || requestedVersion === '' || requestedVersion === '_') return { version: meta.packageVersion };
  try {
    parseVersion(requestedVersion);
  } catch (error) {
    return { problem: { path: 'packageVersion', problem: (error as Error).message } };
  }
  if (resetVersion) return { version: requestedVersion };
  if (sameVersion(requestedVersion, meta.packageVersion)) return { version: meta.packageVersion };
  return {
    problem: {
      path: 'packageVersion',
      problem: `the request asks for "${requestedVersion}" but meta.yaml holds "${meta.packageVersion}"; import with resetVersion to store it as "${requestedVersion}"`,
    },
  };
}
