import { type ApplicationProblem, ApplicationInvalidError, formatPath } from './application-invalid.error.js';
import {
  componentId,
  type ApplicationModel,
  type ComponentSpec,
  type DataInput,
  type DataOutput,
  type JsonObject,
  type ParameterValue,
} from './application.model.js';
import { checkComponents } from './check-components.js';
import { type NativeComponent, nativeApplicationSchema } from './native-application.schema.js';
import { toWorkflowSpec } from './workflow-spec.mapper.js';

/** Parses the native `Application` onto the same internal model as the AppManager dialect. */
export function parseNativeApplication(input: unknown): ApplicationModel {
  const parsed = nativeApplicationSchema.safeParse(input);
  if (!parsed.success) {
    throw new ApplicationInvalidError(parsed.error.issues.map((i) => ({ path: formatPath(i.path), problem: i.message })));
  }
  const { metadata, spec } = parsed.data;
  const problems: ApplicationProblem[] = [];
  const idByName = new Map(spec.components.map((c) => [c.name, componentId(c.type, c.name)]));
  const components = spec.components.map((c, i) => toComponent(c, `spec.components[${i}]`, idByName, problems));
  const names = new Map<string, number>();
  spec.components.forEach((c, i) => {
    const earlier = names.get(c.name);
    if (earlier !== undefined)
      problems.push({ path: `spec.components[${i}].name`, problem: `"${c.name}" is already the name of spec.components[${earlier}]` });
    else names.set(c.name, i);
  });
  const model: ApplicationModel = {
    appId: metadata.appId ?? metadata.name,
    name: metadata.name,
    target: spec.target ?? {},
    parameterValues: (spec.parameters ?? []).map(toParameter),
    components,
    policies: (spec.policies ?? []).map((p) => ({ type: p.type, name: p.name, properties: (p.properties ?? {}) as JsonObject })),
    workflow: toWorkflowSpec(spec.workflow, 'spec.workflow', problems),
  };
  if (problems.length === 0) problems.push(...checkComponents(components, (i) => `spec.components[${i}]`));
  if (problems.length > 0) throw new ApplicationInvalidError(problems);
  return model;
}

function toComponent(c: NativeComponent, path: string, idByName: Map<string, string>, problems: ApplicationProblem[]): ComponentSpec {
  const dependencies = (c.dependsOn ?? []).flatMap((name, j) => {
    const id = idByName.get(name);
    if (id === undefined) {
      problems.push({ path: `${path}.dependsOn[${j}]`, problem: `no component named "${name}" in this application` });
      return [];
    }
    return [{ component: id }];
  });
  return {
    id: componentId(c.type, c.name),
    kind: c.addon ? 'addon' : 'component',
    type: c.type,
    name: c.name,
    version: c.version ?? null,
    properties: (c.properties ?? {}) as JsonObject,
    scopes: c.scopes ?? {},
    parameterValues: (c.parameters ?? []).map(toParameter),
    dataInputs: (c.inputs ?? []).map(toInput),
    dataOutputs: (c.outputs ?? []).map(toOutput),
    traits: (c.traits ?? []).map((t) => ({
      type: t.type,
      runtime: t.runtime ?? 'pre',
      properties: (t.properties ?? {}) as JsonObject,
      parameterValues: (t.parameters ?? []).map(toParameter),
      dataInputs: (t.inputs ?? []).map(toInput),
      dataOutputs: (t.outputs ?? []).map(toOutput),
    })),
    dependencies,
  };
}

function toParameter(p: { name: string; value: unknown; to?: string[] | undefined }): ParameterValue {
  return { name: p.name, value: (p.value ?? null) as ParameterValue['value'], toFieldPaths: p.to ?? [] };
}
const toInput = (i: { from: string; to: string[] }): DataInput => ({ from: i.from, toFieldPaths: i.to });
const toOutput = (o: { name: string; from: string }): DataOutput => ({ name: o.name, fieldPath: o.from });
