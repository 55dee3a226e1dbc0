import { z } from 'zod';
import type { ApplicationDocument } from '@appmanager/plugin-sdk';
import { ApplicationInvalidError, formatPath } from './application-invalid.error.js';
import { componentId, type ApplicationModel, type ComponentSpec } from './application.model.js';
import { checkComponents } from './check-components.js';

/**
 * The one shape a Policy plug-in receives and must return: the internal model's JSON form (the SDK's
 * ApplicationDocument). A component is `{ id: 'TYPE|NAME', kind, type, name, version, properties,
 * scopes: { unit?, cluster?, namespace?, stage? }, parameterValues, dataInputs, dataOutputs, traits, dependencies }`,
 * a trait `{ type, runtime, properties, parameterValues, dataInputs, dataOutputs }` (identified by `type`).
 */
export function toPolicyDocument(app: ApplicationModel): ApplicationDocument {
  return JSON.parse(JSON.stringify(app)) as ApplicationDocument;
}

const jsonObject = z.record(z.string(), z.json());
const parameterValue = z.object({ name: z.string().min(1), value: z.json(), toFieldPaths: z.array(z.string().min(1)) });
const dataInput = z.object({ from: z.string().min(1), toFieldPaths: z.array(z.string().min(1)).min(1) });
const dataOutput = z.object({ name: z.string().min(1), fieldPath: z.string().min(1) });
const target = z.strictObject({
  unit: z.string().min(1).optional(),
  cluster: z.string().min(1).optional(),
  namespace: z.string().min(1).optional(),
  stage: z.string().min(1).optional(),
});
const trait = z.object({
  type: z.string().min(1),
  runtime: z.enum(['pre', 'post']),
  properties: jsonObject,
  parameterValues: z.array(parameterValue),
  dataInputs: z.array(dataInput),
  dataOutputs: z.array(dataOutput),
});
const component = z.object({
  kind: z.enum(['component', 'addon']),
  type: z.string().min(1),
  name: z.string().min(1),
  version: z.string().min(1).nullable(),
  properties: jsonObject,
  scopes: target,
  parameterValues: z.array(parameterValue),
  dataInputs: z.array(dataInput),
  dataOutputs: z.array(dataOutput),
  traits: z.array(trait),
  dependencies: z.array(z.object({ component: z.string().regex(/^[^|]+\|[^|]+$/, 'TYPE|NAME'), condition: z.string().min(1).optional() })),
});
const document = z.object({ components: z.array(component).min(1) });

/**
 * Reads back what policy `policyName` returned: its components replace the application's (the id is
 * derived from type and name again, so a policy cannot make them disagree); everything else is kept.
 * Throws ApplicationInvalidError naming the policy and the path of every problem.
 */
export function fromPolicyDocument(original: ApplicationModel, returned: unknown, policyName: string): ApplicationModel {
  const where = `policy "${policyName}" returned`;
  const parsed = document.safeParse(returned);
  if (!parsed.success) {
    throw new ApplicationInvalidError(parsed.error.issues.map((i) => ({ path: `${where} ${formatPath(i.path)}`, problem: i.message })));
  }
  // what a component's paths address is the dialect's, not a policy's to change
  const fieldPathsOf = new Map(original.components.map((c) => [c.id, c.fieldPaths]));
  const components: ComponentSpec[] = parsed.data.components.map((c) => ({
    ...c,
    id: componentId(c.type, c.name),
    ...(fieldPathsOf.get(componentId(c.type, c.name)) ? { fieldPaths: fieldPathsOf.get(componentId(c.type, c.name)) } : {}),
    dependencies: c.dependencies.map((d) => ({ component: d.component, ...(d.condition ? { condition: d.condition } : {}) })),
  }));
  const problems = checkComponents(components, (i) => `${where} components[${i}]`);
  if (problems.length > 0) throw new ApplicationInvalidError(problems);
  return { ...original, components };
}
