import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';
import { PackageInvalidError, schemaProblems } from './package-invalid.error.js';
import { packZip, UnpackBudget, unpackZip, type ZipLimits } from './zip-archive.js';

export const componentVersionAnnotation = 'annotations.appmanager.oam.dev/version';
export const appIdLabel = 'labels.appmanager.oam.dev/appId';
export const componentNameLabel = 'labels.appmanager.oam.dev/componentName';
export const stageIdLabel = 'labels.appmanager.oam.dev/stageId';
export const clusterIdLabel = 'labels.appmanager.oam.dev/clusterId';

/** YAML may read a label as a number, a boolean or null (`version: 1.0`, `name:`); AppManager means the text. */
const labelValue = z.union([z.string(), z.number(), z.boolean(), z.null()]).transform((value) => (value === null ? '' : String(value)));

const imageSchema = z.looseObject({
  name: z.string(),
  arch: z.string().optional(),
  image: z.string(),
  sha256: z.string().optional(),
});

/** A component package's `meta.yaml`: an OAM v1alpha2 Component; keys this platform does not read are kept. */
export const componentMetaSchema = z.looseObject({
  apiVersion: z.literal('core.oam.dev/v1alpha2'),
  kind: z.literal('Component'),
  metadata: z.looseObject({
    name: z.string().min(1),
    annotations: z.record(z.string(), labelValue).default({}),
    labels: z.record(z.string(), labelValue).default({}),
  }),
  spec: z.looseObject({
    workload: z.record(z.string(), z.unknown()),
    images: z
      .array(imageSchema)
      .nullish()
      .transform((images) => images ?? []),
  }),
});

export type ComponentMeta = z.infer<typeof componentMetaSchema>;
export type ComponentImage = z.infer<typeof imageSchema>;

/** The metadata.name prefix AppManager's templates give each type (`microservice-search-tkgone`). */
const namePrefixes: Readonly<Record<string, string>> = {
  K8S_MICROSERVICE: 'microservice',
  K8S_JOB: 'job',
  INTERNAL_ADDON: 'internal-addon',
  RESOURCE_ADDON: 'resource-addon',
  HELM: 'helm',
};

export interface ComponentMetaInput {
  readonly appId: string;
  readonly componentType: string;
  readonly componentName: string;
  readonly version: string;
  readonly workload: Record<string, unknown>;
  readonly images?: readonly ComponentImage[];
}

/** The `meta.yaml` of a component package as AppManager renders it; stage and cluster are filled at deploy. */
export function renderComponentMeta(input: ComponentMetaInput): ComponentMeta {
  const prefix = namePrefixes[input.componentType] ?? input.componentType.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return {
    apiVersion: 'core.oam.dev/v1alpha2',
    kind: 'Component',
    metadata: {
      name: `${prefix}-${input.appId}-${input.componentName}`,
      annotations: { [componentVersionAnnotation]: input.version },
      labels: {
        [appIdLabel]: input.appId,
        [componentNameLabel]: input.componentName,
        [stageIdLabel]: 'PLACEHOLDER_STAGE_ID',
        [clusterIdLabel]: 'PLACEHOLDER_CLUSTER_ID',
        appId: input.appId,
        componentName: input.componentName,
        stageId: 'PLACEHOLDER_STAGE_ID',
      },
    },
    spec: { workload: input.workload, images: [...(input.images ?? [])] },
  };
}

export interface ComponentPackageInput {
  readonly meta: ComponentMeta;
  /** Other top-level files: an INTERNAL_ADDON's `option.json` / `content.json`, image tarballs. */
  readonly files?: Readonly<Record<string, Uint8Array | string>>;
}

/** The component package zip; identical content gives identical bytes, so an unchanged build can be skipped. */
export function packComponentZip({ meta, files = {} }: ComponentPackageInput): Uint8Array {
  if ('meta.yaml' in files) {
    throw new PackageInvalidError([{ path: 'files["meta.yaml"]', problem: 'meta.yaml is rendered from meta, not passed as a file' }]);
  }
  return packZip({ ...files, 'meta.yaml': stringifyYaml(meta, { sortMapEntries: true }) });
}

export interface ComponentPackageContent {
  readonly meta: ComponentMeta;
  /** `.json` and `.yaml`/`.yml` parsed, other text as a string, binary content as bytes; meta.yaml excluded. */
  readonly files: Record<string, unknown>;
}

const binaryExtensions = /\.(tar|tgz|gz|zip|jar|png|jpe?g|gif|ico)$/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeFile(name: string, bytes: Uint8Array, where: string): unknown {
  if (binaryExtensions.test(name) || bytes.includes(0)) return bytes;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return bytes;
  }
  try {
    if (/\.json$/i.test(name)) return JSON.parse(text) as unknown;
    if (/\.ya?ml$/i.test(name)) return parseYaml(text) as unknown;
  } catch (error) {
    throw new PackageInvalidError([{ path: `${where}/${name}`, problem: `cannot be parsed: ${(error as Error).message}` }]);
  }
  return text;
}

/** Reads one component zip met at `where` (inside an app zip, its entry name), counting against the import's budget. */
export function readComponentZipWithin(bytes: Uint8Array, where: string, budget: UnpackBudget): ComponentPackageContent {
  const entries = unpackZip(bytes, where, budget);
  const metaBytes = entries['meta.yaml'];
  if (!metaBytes) throw new PackageInvalidError([{ path: where, problem: 'has no meta.yaml at its top level' }]);
  const metaDocument = decodeFile('meta.yaml', metaBytes, where);
  const parsed = componentMetaSchema.safeParse(metaDocument);
  if (!parsed.success) throw new PackageInvalidError(schemaProblems(`${where}/meta.yaml#`, parsed.error.issues));
  const files: Record<string, unknown> = {};
  for (const [name, content] of Object.entries(entries)) {
    if (name !== 'meta.yaml') files[name] = decodeFile(name, content, where);
  }
  return { meta: parsed.data, files };
}

/** Reads a component package zip on its own, refusing it with PackageInvalidError naming every problem. */
export function readComponentZip(bytes: Uint8Array, limits?: ZipLimits): ComponentPackageContent {
  return readComponentZipWithin(bytes, 'component package', new UnpackBudget(limits));
}
