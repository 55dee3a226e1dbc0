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
import { globalParameters, renderParameters } from './field-template.js';
import { toWorkflowSpec } from './workflow-spec.mapper.js';

/** Parses AppManager's ApplicationConfiguration onto the internal model, or throws every problem with its path. */
export function parseApplicationConfiguration(input: unknown): ApplicationModel {
  const parsed = applicationConfigurationSchema.safeParse(input);
  if (!parsed.success) {
    throw new ApplicationInvalidError(parsed.error.issues.map((i) => ({ path: formatPath(i.path), problem: i.message })));
  }
  const doc: ApplicationConfiguration = parsed.data;
  const problems: ApplicationProblem[] = [];
  const annotations = doc.metadata.annotations ?? {};
  const globals = globalParameters(doc.spec.parameterValues ?? []);
  const appId = annotations.appId ?? doc.metadata.name ?? 'application';
  const components = doc.spec.components.map((c, i) => toComponent(c, `spec.components[${i}]`, problems, globals, appId));
  const model: ApplicationModel = {
    appId,
    name: doc.metadata.name ?? appId,
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

function toComponent(
  raw: RawComponent,
  path: string,
  problems: ApplicationProblem[],
  globals: Record<string, unknown>,
  appId: string,
): ComponentSpec | null {
  const revision = parseRevisionName(raw.revisionName, `${path}.revisionName`);
  if (isProblem(revision)) {
    problems.push(revision);
    return null;
  }
  const kind = addonComponentTypes.includes(revision.type) ? 'addon' : 'component';
  if (kind === 'component' && !raw.workload && !raw.properties) {
    const packaged =
      revision.version === null
        ? `the app package of "${appId}" (annotation appPackageId, or its latest package)`
        : `component package ${revision.type}|${revision.name}@${revision.version}`;
    problems.push({
      path: `${path}.revisionName`,
      problem: `"${raw.revisionName}" takes its workload from ${packaged}, which was not resolved against it (deploy resolves app packages before it parses); give the component its workload inline (\`workload:\`, as a component package's spec.workload)`,
    });
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
    kind,
    type: revision.type,
    name: revision.name,
    version: revision.version,
    // AppManager's paths (`spec.keys`) address its workload, or an add-on's spec: both are the plug-in's properties
    ...(raw.workload || kind === 'addon' ? { fieldPaths: 'properties' as const } : {}),
    properties: (raw.workload ?? raw.properties ?? {}) as JsonObject,
    scopes: toScopes(raw.scopes ?? [], globals),
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

/**
 * A scope names where the component goes, rendered with the application's global parameters
 * (`{{ Global.CLUSTER_ID }}`); a scope without a name (`Namespace` with only `spec.autoCreate: true`) keeps the
 * deployment's own. Namespaces are created when missing whether or not autoCreate says so.
 */
function toScopes(scopes: RawScope[], globals: Record<string, unknown>): TargetRef {
  const target: TargetRef = {};
  const keys = { Namespace: 'namespace', Cluster: 'cluster', Stage: 'stage', Unit: 'unit' } as const;
  for (const { scopeRef } of scopes) if (scopeRef.name) target[keys[scopeRef.kind]] = String(renderParameters(scopeRef.name, globals));
  return target;
}

export function compact(target: Record<keyof TargetRef, string | undefined>): TargetRef {
  return Object.fromEntries(Object.entries(target).filter(([, v]) => v !== undefined && v !== '')) as TargetRef;
}
