import type { DefinitionKind, JsonSchema } from '@appmanager/plugin-sdk';

const kubeObject: JsonSchema = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata'],
  properties: {
    apiVersion: { type: 'string', minLength: 1 },
    kind: { type: 'string', minLength: 1 },
    metadata: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 253 },
        namespace: { type: 'string' },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        annotations: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
  },
};

const kubeRef: JsonSchema = {
  type: 'object',
  required: ['apiVersion', 'kind', 'name'],
  properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' }, namespace: { type: 'string' } },
};

const componentState = {
  type: 'object',
  required: ['state'],
  properties: {
    state: { enum: ['PENDING', 'PROCESSING', 'RUNNING', 'WARNING', 'ERROR', 'FAILURE', 'SUCCESS', 'COMPLETED', 'UNKNOWN'] },
    message: { type: 'string' },
  },
};

const object = { type: 'object' };

/** The shape of each function's result (the ABI in @appmanager/plugin-sdk), checked before the host uses it. */
export const ABI_OUTPUT_SCHEMAS: Readonly<Record<DefinitionKind, Readonly<Record<string, JsonSchema>>>> = {
  Component: {
    render: { type: 'object', required: ['resources'], properties: { resources: { type: 'array', items: kubeObject } } },
    apply: { type: 'object', required: ['applied'], properties: { applied: { type: 'array', items: kubeRef }, attributes: object } },
    status: componentState,
    destroy: { type: 'object', required: ['deleted'], properties: { deleted: { type: 'array', items: kubeRef } } },
    build: { type: 'object', required: ['artifacts'], properties: { artifacts: object, log: { type: 'string' } } },
  },
  Trait: {
    apply: { type: 'object', properties: { workload: kubeObject, resources: { type: 'array', items: kubeObject } } },
    watch: componentState,
  },
  Policy: {
    rewrite: {
      type: 'object',
      required: ['application'],
      properties: {
        application: { type: 'object', required: ['components'], properties: { components: { type: 'array', items: object } } },
      },
    },
  },
  WorkflowStep: {
    execute: {
      type: 'object',
      required: ['outcome'],
      properties: {
        outcome: { enum: ['succeeded', 'suspend', 'terminate'] },
        outputs: object,
        workflowContext: object,
        reason: { type: 'string' },
      },
      if: { properties: { outcome: { const: 'terminate' } } },
      then: { required: ['reason'] },
    },
  },
  Addon: {
    apply: {
      type: 'object',
      required: ['outputs', 'signature'],
      properties: { outputs: object, signature: { type: 'string', minLength: 1 } },
    },
    release: { type: 'object', required: ['released'], properties: { released: { type: 'boolean' }, outputs: object } },
    status: { type: 'object', required: ['ready'], properties: { ready: { type: 'boolean' }, message: { type: 'string' } } },
    checkExpired: { type: 'boolean' },
    share: { type: 'object', required: ['shared'], properties: { shared: { type: 'array', items: { type: 'string' } } } },
  },
};
