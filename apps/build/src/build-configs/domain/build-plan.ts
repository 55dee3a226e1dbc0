import { z } from 'zod';
import type { ComponentBinder } from './component-binder.js';

/** AppManager's build.yaml `containers[].build` (MicroserviceComponentBuildHandler), what we act on of it. */
const buildOptionsSchema = z.looseObject({
  /** A git repository, or `context`: an archive uploaded to POST /v1/apps/{appId}/build-contexts (its `sha256:…`). */
  repo: z.string().min(1).optional(),
  context: z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/, 'expected the sha256:… an uploaded build context was given')
    .optional(),
  branch: z.string().min(1).optional(),
  tag: z.string().min(1).optional(),
  commit: z
    .string()
    .regex(/^[0-9a-f]{7,40}$/, 'expected a commit sha')
    .optional(),
  repoPath: z.string().optional(),
  /** The Containerfile (AppManager: a Jinja template rendered with dockerfileTemplateArgs). */
  dockerfileTemplate: z.string().min(1).default('Dockerfile'),
  dockerfileTemplateArgs: z.record(z.string(), z.coerce.string()).default({}),
  args: z.record(z.string(), z.coerce.string()).default({}),
  imagePushRegistry: z.string().min(1).optional(),
  imageName: z.string().min(1).optional(),
});

const containerSchema = z.looseObject({
  name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'expected a DNS label'),
  /** An image used as it is (AppManager's useExistImage): not built, but still pinned by digest when the registry has it. */
  image: z.string().min(1).optional(),
  build: buildOptionsSchema.optional(),
});

const microserviceOptionsSchema = z.looseObject({
  kind: z.enum(['Deployment', 'StatefulSet', 'CloneSet', 'AdvancedStatefulSet']).default('Deployment'),
  replicas: z.number().int().min(0).optional(),
  env: z.array(z.string().min(1)).default([]),
  containers: z.array(containerSchema).min(1),
  initContainers: z.array(containerSchema).default([]),
});

const otherOptionsSchema = z.looseObject({
  workload: z.record(z.string(), z.unknown()).optional(),
  /** Files kept in the component package beside meta.yaml (AppManager's internal add-ons: option.json, content.json). */
  files: z.record(z.string(), z.unknown()).default({}),
});

export interface ImageToBuild {
  container: string;
  init: boolean;
  source: { repo?: string; context?: string; branch?: string; tag?: string; commit?: string; repoPath?: string };
  containerfile: string;
  containerfileArgs: Record<string, string>;
  buildArgs: Record<string, string>;
  /** Where it is pushed: registry/repository, the tag added by the runner. */
  repository: string;
}

export interface BuiltImage {
  container: string;
  init: boolean;
  /** repository:tag as pushed */
  image: string;
  /** sha256:… */
  digest: string;
}

export type BuildPlan =
  | {
      kind: 'microservice';
      images: ImageToBuild[];
      existing: { container: string; init: boolean; image: string }[];
      options: z.infer<typeof microserviceOptionsSchema>;
    }
  | { kind: 'static'; workload: Record<string, unknown> | null; files: Record<string, unknown> };

export class BuildOptionsError extends Error {}

const microserviceTypes = ['K8S_MICROSERVICE', 'K8S_JOB'];

/** What a component's binder asks to be built, or why it cannot be (naming the option). */
export function buildPlanOf(appId: string, binder: ComponentBinder, defaultRegistry: string): BuildPlan {
  if (!microserviceTypes.includes(binder.componentType)) {
    const parsed = otherOptionsSchema.safeParse(binder.options);
    if (!parsed.success) throw new BuildOptionsError(describe(parsed.error));
    return { kind: 'static', workload: parsed.data.workload ?? null, files: parsed.data.files };
  }
  const parsed = microserviceOptionsSchema.safeParse(binder.options);
  if (!parsed.success) throw new BuildOptionsError(describe(parsed.error));
  const options = parsed.data;
  const images: ImageToBuild[] = [];
  const existing: { container: string; init: boolean; image: string }[] = [];
  for (const [init, list] of [
    [true, options.initContainers],
    [false, options.containers],
  ] as const) {
    for (const container of list) {
      if (!container.build) {
        if (!container.image) throw new BuildOptionsError(`container ${container.name}: give it build options or an image`);
        existing.push({ container: container.name, init, image: container.image });
        continue;
      }
      const build = container.build;
      if (!build.repo === !build.context)
        throw new BuildOptionsError(
          `container ${container.name}: give its build either a git repo or an uploaded context, not ${build.repo ? 'both' : 'neither'}`,
        );
      const registry = (build.imagePushRegistry ?? defaultRegistry).replace(/\/+$/, '');
      images.push({
        container: container.name,
        init,
        source: {
          ...(build.context
            ? { context: build.context }
            : {
                repo: build.repo as string,
                ...(build.commit
                  ? { commit: build.commit }
                  : build.tag
                    ? { tag: build.tag }
                    : { branch: build.branch ?? binder.branch ?? 'master' }),
              }),
          ...(build.repoPath ? { repoPath: build.repoPath } : {}),
        },
        containerfile: build.dockerfileTemplate,
        containerfileArgs: build.dockerfileTemplateArgs,
        buildArgs: build.args,
        repository: `${registry}/${build.imageName ?? `${appId}-${binder.componentName}-${container.name}`}`,
      });
    }
  }
  return { kind: 'microservice', images, existing, options };
}

/** A Docker tag from a package version: `+` (semver build metadata) is not allowed in a tag. */
export function imageTagOf(version: string): string {
  return version
    .replace(/\+/g, '-')
    .replace(/[^A-Za-z0-9_.-]/g, '_')
    .slice(0, 128);
}

/**
 * AppManager's Microservice (K8S_MICROSERVICE) or Job (K8S_JOB) workload (`apps.abm.io/v1`), as its build writes it
 * into the component package, with every built image pinned by digest (`repository:tag@sha256:…`) and env as
 * `{{ Global.NAME }}` templates.
 */
export function microserviceWorkload(
  appId: string,
  componentType: string,
  componentName: string,
  options: Extract<BuildPlan, { kind: 'microservice' }>['options'],
  images: { container: string; init: boolean; image: string }[],
): Record<string, unknown> {
  const imageOf = (name: string, init: boolean) => images.find((i) => i.container === name && i.init === init)?.image ?? '';
  const job = componentType === 'K8S_JOB';
  return {
    apiVersion: 'apps.abm.io/v1',
    kind: job ? 'Job' : 'Microservice',
    metadata: {
      name: 'PLACEHOLDER_NAME',
      namespace: 'PLACEHOLDER_NAMESPACE_ID',
      labels: { appId, componentName, stageId: 'PLACEHOLDER_STAGE_ID' },
    },
    spec: {
      ...(job ? {} : { kind: options.kind }),
      ...(options.replicas !== undefined && !job ? { replicas: options.replicas } : {}),
      env: Object.fromEntries(options.env.map((name) => [name, `{{ Global.${name} }}`])),
      initContainers: options.initContainers.map((c) => ({ name: c.name, image: imageOf(c.name, true) })),
      containers: options.containers.map((c) => ({ name: c.name, image: imageOf(c.name, false) })),
    },
  };
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `options.${i.path.join('.')}: ${i.message}`).join('; ');
}
