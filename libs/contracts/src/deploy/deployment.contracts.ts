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
  publishedBy: 'any system (CI, ticketing, amctl)',
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
