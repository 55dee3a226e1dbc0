import { z } from 'zod';
import { defineContract } from '../contract.js';

export const deploymentTarget = z.object({
  unit: z.string().min(1).optional(),
  cluster: z.string().min(1).optional(),
  namespace: z.string().min(1).optional(),
  stage: z.string().min(1).optional(),
});

export const launchDeploymentCommand = defineContract('deploy.cmd.deployment.launch.v1', {
  description: 'Asks for an application to be deployed; the CloudEvent id makes a repeated publish harmless.',
  publishedBy: 'any system (CI, ticketing, amctl), build (deploy triggers, through its outbox)',
  consumedBy: ['deploy'],
  schema: z.object({
    appId: z.string().min(1).max(128),
    /** ApplicationConfiguration (AppManager dialect) or the native form, as YAML text or an object. */
    configuration: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
    target: deploymentTarget.optional(),
    requestedBy: z.string().min(1).optional(),
  }),
});

const deploymentRef = {
  deploymentId: z.string().min(1),
  appId: z.string().min(1),
};

export const deploymentStartedEvent = defineContract('deploy.evt.deployment.started.v1', {
  description: 'A deployment left CREATED and began running its workflow.',
  publishedBy: 'deploy',
  consumedBy: ['sensor', 'any system'],
  schema: z.object({ ...deploymentRef, startedAt: z.iso.datetime({ offset: true }) }),
});

export const deploymentSucceededEvent = defineContract('deploy.evt.deployment.succeeded.v1', {
  description: 'Every node of a deployment reached SUCCESS.',
  publishedBy: 'deploy',
  consumedBy: ['sensor', 'any system'],
  schema: z.object({
    ...deploymentRef,
    finishedAt: z.iso.datetime({ offset: true }),
    durationMs: z.number().int().nonnegative(),
  }),
});

export const deploymentFailedEvent = defineContract('deploy.evt.deployment.failed.v1', {
  description: 'A deployment ended in FAILURE; `reason` says which node failed and why.',
  publishedBy: 'deploy',
  consumedBy: ['sensor', 'any system'],
  schema: z.object({
    ...deploymentRef,
    failedAt: z.iso.datetime({ offset: true }),
    reason: z.string().min(1),
    failedNode: z.string().optional(),
  }),
});

const issue = z.object({ path: z.string(), problem: z.string().min(1) });

export const deploymentRejectedEvent = defineContract('deploy.evt.deployment.rejected.v1', {
  description:
    'A launch command was refused before anything was recorded: `issues` name each problem, `commandId` is the refused CloudEvent id.',
  publishedBy: 'deploy',
  consumedBy: ['the system that sent the launch (CI, ticketing, amctl)'],
  schema: z.object({
    commandId: z.string().min(1),
    appId: z.string().min(1),
    issues: z.array(issue).min(1),
    rejectedAt: z.iso.datetime({ offset: true }),
  }),
});

const appInstance = {
  appId: z.string().min(1).max(128),
  stage: z.string().min(1),
  cluster: z.string().min(1).optional(),
  namespace: z.string().min(1).optional(),
};

export const undeployAppInstanceCommand = defineContract('deploy.cmd.app-instance.undeploy.v1', {
  description:
    'Asks for what an application deployed on a stage (optionally one cluster / namespace) to be removed; the CloudEvent id makes a repeat harmless.',
  publishedBy: 'any system (CI, ticketing, amctl)',
  consumedBy: ['deploy'],
  schema: z.object({ ...appInstance, requestedBy: z.string().min(1).optional() }),
});

export const appInstanceDeletedEvent = defineContract('deploy.evt.app-instance.deleted.v1', {
  description:
    'Everything an application had deployed on a stage was destroyed (each component through its plug-in, in reverse dependency order).',
  publishedBy: 'deploy',
  consumedBy: ['sensor', 'addon', 'any system'],
  schema: z.object({
    ...appInstance,
    cluster: z.string().min(1),
    namespace: z.string().min(1),
    undeployId: z.string().min(1),
    sourceDeploymentId: z.string().min(1),
    components: z.array(z.string().min(1)),
    deletedAt: z.iso.datetime({ offset: true }),
  }),
});

const placement = {
  unit: z.string().min(1).optional(),
  cluster: z.string().min(1),
  namespace: z.string().min(1),
  stage: z.string().min(1).optional(),
};

const appliedObject = z.object({
  apiVersion: z.string().min(1),
  kind: z.string().min(1),
  name: z.string().min(1),
  /** sha256 of the object's applied fields (`hashOfFields(appliedFieldsOf(object))`, metadata and status left out). */
  specHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Each applied leaf field with a short hash of its value (never the value), for the sensor's drift check. */
  fields: z.record(z.string(), z.string()).optional(),
});

/** How the sensor asks a component's own plug-in for its status: the same call deploy waits on. */
const statusCall = z.object({
  /** The plug-in type (aliases resolved) and the name the plug-in saw. */
  pluginType: z.string().min(1),
  name: z.string().min(1),
  properties: z.record(z.string(), z.unknown()),
});

/** A trait of the component, for the sensor's Trait Operator (traits whose plug-in exports `watch`). */
const traitRef = z.object({ type: z.string().min(1), name: z.string().min(1), properties: z.record(z.string(), z.unknown()) });

export const componentAppliedEvent = defineContract('deploy.evt.component.applied.v1', {
  description:
    'A node of a deployment applied its objects to a cluster (a component, or a trait of one): where, which version, and each object with the hash of what was applied; the inventory the sensor watches.',
  publishedBy: 'deploy',
  consumedBy: ['sensor', 'any system'],
  schema: z.object({
    deploymentId: z.string().min(1),
    appId: z.string().min(1),
    /** The deploy step whose DAG applied it. */
    step: z.string().min(1),
    /** `TYPE|NAME` of the component; `node` differs for a trait (`TYPE|NAME#trait`). */
    component: z.string().min(1),
    node: z.string().min(1),
    componentType: z.string().min(1),
    ...placement,
    /** The node version stamped on every object (`appmanager.io/node-version`). */
    version: z.string().min(1),
    objects: z.array(appliedObject),
    /** On the component's own node: how to ask its plug-in for status, and its traits. */
    status: statusCall.optional(),
    traits: z.array(traitRef).optional(),
    appliedAt: z.iso.datetime({ offset: true }),
  }),
});

export const componentRemovedEvent = defineContract('deploy.evt.component.removed.v1', {
  description: "An undeploy removed a node's objects from a cluster (they were gone when this was published).",
  publishedBy: 'deploy',
  consumedBy: ['sensor', 'any system'],
  schema: z.object({
    undeployId: z.string().min(1),
    appId: z.string().min(1),
    component: z.string().min(1),
    node: z.string().min(1),
    ...placement,
    objects: z.array(z.object({ apiVersion: z.string().min(1), kind: z.string().min(1), name: z.string().min(1) })),
    removedAt: z.iso.datetime({ offset: true }),
  }),
});
