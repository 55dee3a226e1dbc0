import { z } from 'zod';
import { workflowSchema } from './workflow-spec.schema.js';

/** AppManager's ApplicationConfiguration (DeployAppSchema), as submitted. Unknown fields are tolerated, as there. */
const jsonObject = z.record(z.string(), z.json());

const parameterValue = z.object({
  name: z.string().min(1),
  value: z.json(),
  toFieldPaths: z.array(z.string().min(1)).optional(),
});

const dataInput = z.object({
  valueFrom: z.object({ dataOutputName: z.string().min(1) }),
  toFieldPaths: z.array(z.string().min(1)).min(1),
});

const dataOutput = z.object({ name: z.string().min(1), fieldPath: z.string().min(1) });

const scope = z.object({
  scopeRef: z.object({
    apiVersion: z.string().optional(),
    kind: z.enum(['Namespace', 'Cluster', 'Stage', 'Unit']),
    name: z.string().optional(),
    spec: jsonObject.optional(),
  }),
});

const trait = z.object({
  name: z.string().min(1),
  runtime: z.enum(['pre', 'post']).optional(),
  spec: jsonObject.optional(),
  dataInputs: z.array(dataInput).optional(),
  dataOutputs: z.array(dataOutput).optional(),
  parameterValues: z.array(parameterValue).optional(),
});

const component = z.object({
  revisionName: z.string().min(1),
  /** Our extension: the plug-in's properties in the native shape; `toFieldPaths` then address the rendered workload. */
  properties: jsonObject.optional(),
  /**
   * Our extension: the component's workload as AppManager's component package holds it (`spec.workload`, e.g. an
   * `apps.abm.io/v1 Microservice`); `toFieldPaths` and dataOutputs address it, the plug-in renders it.
   */
  workload: jsonObject.optional(),
  scopes: z.array(scope).optional(),
  traits: z.array(trait).optional(),
  dataInputs: z.array(dataInput).optional(),
  dataOutputs: z.array(dataOutput).optional(),
  dependencies: z.array(z.object({ component: z.string().min(1), condition: z.string().optional() })).optional(),
  parameterValues: z.array(parameterValue).optional(),
});

const annotations = z
  .object({
    appId: z.string().min(1).optional(),
    unitId: z.string().optional(),
    clusterId: z.string().optional(),
    namespaceId: z.string().optional(),
    stageId: z.string().optional(),
  })
  .loose();

export const applicationConfigurationSchema = z.object({
  apiVersion: z.literal('core.oam.dev/v1alpha2'),
  kind: z.literal('ApplicationConfiguration'),
  // AppManager's deploy-config files carry no metadata at all: the launch's appId names the application then
  metadata: z.object({ name: z.string().min(1).optional(), annotations: annotations.optional() }).default({}),
  spec: z.object({
    parameterValues: z.array(parameterValue).optional(),
    components: z.array(component).min(1),
    policies: z.array(z.object({ type: z.string().min(1), name: z.string().min(1), properties: jsonObject.optional() })).optional(),
    // explicitly null is allowed: AppManager threw an NPE on it (section 8)
    workflow: workflowSchema.nullable().optional(),
  }),
});

export type ApplicationConfiguration = z.infer<typeof applicationConfigurationSchema>;
export type RawComponent = z.infer<typeof component>;
export type RawScope = z.infer<typeof scope>;
