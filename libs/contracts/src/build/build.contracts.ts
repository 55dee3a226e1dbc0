import { z } from 'zod';
import { defineContract, defineRequest } from '../contract.js';

/** AppManager's app package task states (AppPackageTaskStatusEnum). */
export const appPackageTaskStates = ['CREATED', 'COM_PACK_RUN', 'APP_PACK_RUN', 'SUCCESS', 'FAILURE'] as const;
/** AppManager's component package task states (ComponentPackageTaskStateEnum). */
export const componentPackageTaskStates = ['CREATED', 'RUNNING', 'SUCCESS', 'FAILURE', 'SKIP'] as const;

const at = z.iso.datetime({ offset: true });

export const appPackageTaskStateChangedEvent = defineContract('build.evt.app-package-task.state-changed.v1', {
  description:
    'An app package task moved between AppManager states (CREATED → COM_PACK_RUN → APP_PACK_RUN → SUCCESS | FAILURE); `reason` says why it failed.',
  publishedBy: 'build',
  consumedBy: ['any system'],
  schema: z.object({
    taskId: z.string().min(1),
    appId: z.string().min(1),
    version: z.string().min(1),
    state: z.enum(appPackageTaskStates),
    previousState: z.enum(appPackageTaskStates).nullable(),
    /** Component tasks finished (SUCCESS or SKIP) of all. */
    progress: z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
    reason: z.string().min(1).optional(),
    at,
  }),
});

export const componentPackageTaskStateChangedEvent = defineContract('build.evt.component-package-task.state-changed.v1', {
  description:
    'A component package task moved between AppManager states (CREATED → RUNNING → SUCCESS | FAILURE | SKIP; FAILURE → RUNNING on retry).',
  publishedBy: 'build',
  consumedBy: ['any system'],
  schema: z.object({
    taskId: z.string().min(1),
    appPackageTaskId: z.string().min(1).nullable(),
    appId: z.string().min(1),
    componentType: z.string().min(1),
    componentName: z.string().min(1),
    version: z.string().min(1),
    state: z.enum(componentPackageTaskStates),
    previousState: z.enum(componentPackageTaskStates).nullable(),
    reason: z.string().min(1).optional(),
    at,
  }),
});

const packagedComponent = z.object({
  componentType: z.string().min(1),
  componentName: z.string().min(1),
  version: z.string().min(1),
  /** Images pinned by digest (`repository@sha256:…`); empty for a component without built images. */
  images: z.array(z.object({ name: z.string(), image: z.string(), sha256: z.string().optional() })),
});

export const appPackageCreatedEvent = defineContract('build.evt.app-package.created.v1', {
  description:
    'An app package is complete and visible (built, or imported): its version, tags, checksum and component packages with their pinned images.',
  publishedBy: 'build',
  consumedBy: ['any system'],
  schema: z.object({
    appPackageId: z.string().min(1),
    appId: z.string().min(1),
    version: z.string().min(1),
    tags: z.array(z.string()),
    /** md5 of the app package zip, as AppManager records it. */
    md5: z.string().regex(/^[0-9a-f]{32}$/),
    source: z.enum(['build', 'import']),
    /** The task that built it; absent for an import. */
    taskId: z.string().min(1).optional(),
    componentPackages: z.array(packagedComponent),
    createdAt: at,
  }),
});

/** A component as a deployment names it: `TYPE|NAME|VERSION`, the version `_` (or null) for the package's own. */
const wantedComponent = z.strictObject({
  type: z.string().min(1),
  name: z.string().min(1),
  version: z.string().min(1).nullable(),
});

export const resolveAppPackageRequestSchema = z.strictObject({
  appId: z.string().min(1).max(128),
  /** The app package id (AppManager's `appPackageId` annotation); else the version; else the newest package of the app. */
  appPackageId: z.string().min(1).optional(),
  appPackageVersion: z.string().min(1).optional(),
  components: z.array(wantedComponent).min(1).max(500),
});

/** One component of the package, as its component package's meta.yaml holds it. */
export const resolvedComponentSchema = z.object({
  type: z.string().min(1),
  name: z.string().min(1),
  version: z.string().min(1),
  /** The component package's `spec.workload` (images pinned by digest when built here). */
  workload: z.record(z.string(), z.unknown()).nullable(),
  images: z.array(z.object({ name: z.string(), image: z.string(), sha256: z.string().optional() })),
  /** Other files of the component zip, parsed when JSON/YAML (`option.json`, `content.json`), else text. */
  files: z.record(z.string(), z.unknown()),
});

export const resolveAppPackageReplySchema = z.union([
  z.strictObject({
    appPackage: z.strictObject({ id: z.string(), appId: z.string(), version: z.string() }),
    components: z.array(resolvedComponentSchema),
  }),
  z.strictObject({
    error: z.strictObject({ code: z.enum(['malformed', 'not-found', 'unavailable']), message: z.string().min(1) }),
  }),
]);

export const resolveAppPackageRequest = defineRequest('build.rpc.app-package-resolve.v1', {
  description:
    "Deploy asks for the components an ApplicationConfiguration takes from an app package (`TYPE|NAME|_`): each one's workload, pinned images and files; a refusal names what is missing.",
  servedBy: 'build',
  queueGroup: 'build',
  requestedBy: ['deploy'],
  request: resolveAppPackageRequestSchema,
  reply: resolveAppPackageReplySchema,
});
