import { type ApplicationProblem, ApplicationInvalidError, formatPath } from './application-invalid.error.js';
import {
  addonComponentTypes,
  componentId,
  type ApplicationModel,
  type ComponentSpec,
  type JsonObject,
  type ParameterValue,
  type TargetRef,
} from './application.model.js';
import {
  type ApplicationConfiguration,
  type RawComponent,
  type RawScope,
  applicationConfigurationSchema,
} from './application-configuration.schema.js';
import { isProblem, parseComponentRef, parseRevisionName } from './revision-name.js';
import { checkComponents } from './check-components.js';
import { toWorkflowSpec } from './workflow-spec.mapper.js';

/** Parses AppManager's ApplicationConfiguration onto the internal model, or throws every problem with its path. */
export function parseApplicationConfiguration(input: unknown): ApplicationModel {
  const parsed = applicationConfigurationSchema.safeParse(input);
  if (!parsed.success) {
    throw new ApplicationInvalidError(parsed.error.issues.map((i) => ({ path: formatPath(i.path), problem: i.message })));
  }
  const doc: ApplicationConfiguration = parsed.data;
  const problems: ApplicationProblem[] = [];
  const components = doc.spec.components.map((c, i) => toComponent(c, `spec.components[${i}]`, problems));
  const annotations = doc.metadata.annotations ?? {};
  const model: ApplicationModel = {
    appId: annotations.appId ?? doc.metadata.name,
    name: doc.metadata.name,
    target: compact({
      unit: annotations.unitId,
      cluster: annotations.clusterId,
      namespace: annotations.namespaceId,
      stage: annotations.stageId,
    }),
    parameterValues: (doc.spec.parameterValues ?? []).map(toParameterValue),
    components: components.filter((c): c is ComponentSpec => c !== null),
    policies: (doc.spec.policies ?? []).map((p) => ({ type: p.type, name: p.name, properties: (p.properties ?? {}) as JsonObject })),
    workflow: toWorkflowSpec(doc.spec.workflow, 'spec.workflow', problems),
  };
  if (problems.length === 0) problems.push(...checkComponents(model.components, (i) => `spec.components[${i}]`));
  if (problems.length > 0) throw new ApplicationInvalidError(problems);
  return model;
}

function toComponent(raw: RawComponent, path: string, problems: ApplicationProblem[]): ComponentSpec | null {
  const revision = parseRevisionName(raw.revisionName, `${path}.revisionName`);
  if (isProblem(revision)) {
    problems.push(revision);
    return null;
  }
  const dependencies = (raw.dependencies ?? []).flatMap((d, j) => {
    const ref = parseComponentRef(d.component, `${path}.dependencies[${j}].component`);
    if (isProblem(ref)) {
      problems.push(ref);
      return [];
    }
    return [{ component: componentId(ref.type, ref.name), ...(d.condition ? { condition: d.condition } : {}) }];
  });
  return {
    id: componentId(revision.type, revision.name),
    kind: addonComponentTypes.includes(revision.type) ? 'addon' : 'component',
    type: revision.type,
    name: revision.name,
    version: revision.version,
    properties: (raw.properties ?? {}) as JsonObject,
    scopes: toScopes(raw.scopes ?? []),
    parameterValues: (raw.parameterValues ?? []).map(toParameterValue),
    dataInputs: (raw.dataInputs ?? []).map((d) => ({ from: d.valueFrom.dataOutputName, toFieldPaths: d.toFieldPaths })),
    dataOutputs: raw.dataOutputs ?? [],
    traits: (raw.traits ?? []).map((t) => ({
      type: t.name,
      runtime: t.runtime ?? 'pre',
      properties: (t.spec ?? {}) as JsonObject,
      parameterValues: (t.parameterValues ?? []).map(toParameterValue),
      dataInputs: (t.dataInputs ?? []).map((d) => ({ from: d.valueFrom.dataOutputName, toFieldPaths: d.toFieldPaths })),
      dataOutputs: t.dataOutputs ?? [],
    })),
    dependencies,
  };
}

function toParameterValue(p: { name: string; value: unknown; toFieldPaths?: string[] | undefined }): ParameterValue {
  return { name: p.name, value: (p.value ?? null) as ParameterValue['value'], toFieldPaths: p.toFieldPaths ?? [] };
}

function toScopes(scopes: RawScope[]): TargetRef {
  const target: TargetRef = {};
  const keys = { Namespace: 'namespace', Cluster: 'cluster', Stage: 'stage', Unit: 'unit' } as const;
  for (const { scopeRef } of scopes) if (scopeRef.name) target[keys[scopeRef.kind]] = scopeRef.name;
  return target;
}

export function compact(target: Record<keyof TargetRef, string | undefined>): TargetRef {
  return Object.fromEntries(Object.entries(target).filter(([, v]) => v !== undefined && v !== '')) as TargetRef;
}
