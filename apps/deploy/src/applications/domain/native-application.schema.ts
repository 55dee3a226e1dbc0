import { z } from 'zod';
import { workflowSchema } from './workflow-spec.schema.js';

/** The native dialect: names instead of revision strings, `inputs`/`outputs` instead of `dataInputs`/`dataOutputs`. */
const jsonObject = z.record(z.string(), z.json());
const dnsName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a lower-case DNS label (a-z, 0-9, -)')
  .max(63);
const input = z.strictObject({ from: z.string().min(1), to: z.array(z.string().min(1)).min(1) });
const output = z.strictObject({ name: z.string().min(1), from: z.string().min(1) });
const parameter = z.strictObject({ name: z.string().min(1), value: z.json(), to: z.array(z.string().min(1)).optional() });
const target = z.strictObject({
  unit: z.string().min(1).optional(),
  cluster: z.string().min(1).optional(),
  namespace: z.string().min(1).optional(),
  stage: z.string().min(1).optional(),
});

const trait = z.strictObject({
  type: z.string().min(1),
  runtime: z.enum(['pre', 'post']).optional(),
  properties: jsonObject.optional(),
  parameters: z.array(parameter).optional(),
  inputs: z.array(input).optional(),
  outputs: z.array(output).optional(),
});

const component = z.strictObject({
  name: dnsName,
  type: z.string().min(1),
  version: z.string().min(1).optional(),
  /** An add-on reference: requested from the add-on service instead of rendered by a plug-in. */
  addon: z.boolean().optional(),
  properties: jsonObject.optional(),
  scopes: target.optional(),
  parameters: z.array(parameter).optional(),
  inputs: z.array(input).optional(),
  outputs: z.array(output).optional(),
  dependsOn: z.array(z.string().min(1)).optional(),
  traits: z.array(trait).optional(),
});

export const nativeApplicationSchema = z.strictObject({
  apiVersion: z.literal('appmanager.io/v1'),
  kind: z.literal('Application'),
  metadata: z.strictObject({ name: dnsName, appId: z.string().min(1).optional(), labels: z.record(z.string(), z.string()).optional() }),
  spec: z.strictObject({
    target: target.optional(),
    parameters: z.array(parameter).optional(),
    components: z.array(component).min(1),
    policies: z.array(z.strictObject({ type: z.string().min(1), name: z.string().min(1), properties: jsonObject.optional() })).optional(),
    workflow: workflowSchema.optional(),
  }),
});

export type NativeApplication = z.infer<typeof nativeApplicationSchema>;
export type NativeComponent = z.infer<typeof component>;
