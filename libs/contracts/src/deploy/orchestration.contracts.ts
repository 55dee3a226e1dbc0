import { z } from 'zod';
import { defineContract } from '../contract.js';

const deploymentStates = ['CREATED', 'PROCESSING', 'RUNNING', 'WAIT_FOR_OP', 'SUSPENDED', 'SUCCESS', 'FAILURE', 'TERMINATED'] as const;
const nodeStates = ['CREATED', 'PROCESSING', 'RUNNING', 'WAIT_FOR_OP', 'SUCCESS', 'FAILURE', 'TERMINATED'] as const;
const at = z.iso.datetime({ offset: true });

export const deploymentStateChangedEvent = defineContract('deploy.evt.deployment.state-changed.v1', {
  description: 'A deployment moved between AppManager states (every transition, with the reason of a failure or wait).',
  publishedBy: 'deploy',
  consumedBy: ['sensor', 'any system'],
  schema: z.object({
    deploymentId: z.string().min(1),
    appId: z.string().min(1),
    from: z.enum(deploymentStates),
    to: z.enum(deploymentStates),
    reason: z.string().optional(),
    at,
  }),
});

export const deploymentNodeStateChangedEvent = defineContract('deploy.evt.node.state-changed.v1', {
  description: 'A component, trait or add-on node of a deployment DAG moved between states (`step`: the deploy step whose DAG it is in).',
  publishedBy: 'deploy',
  consumedBy: ['sensor', 'any system'],
  schema: z.object({
    deploymentId: z.string().min(1),
    appId: z.string().min(1),
    nodeId: z.string().min(1),
    step: z.string().optional(),
    from: z.enum(nodeStates),
    to: z.enum(nodeStates),
    reason: z.string().optional(),
    at,
  }),
});

export const resumeDeploymentCommand = defineContract('deploy.cmd.deployment.resume.v1', {
  description: 'Resumes a SUSPENDED deployment (e.g. a ticket system approving a release); `context` is merged into the workflow context.',
  publishedBy: 'any system (ticketing, CI, amctl)',
  consumedBy: ['deploy'],
  schema: z.object({
    deploymentId: z.string().min(1),
    context: z.record(z.string(), z.json()).optional(),
  }),
});
