import { type ApplicationProblem } from './application-invalid.error.js';
import { defaultDeployStep, type JsonObject, type WorkflowMode, type WorkflowSpec, type WorkflowStepSpec } from './application.model.js';
import { formatPath } from './application-invalid.error.js';
import { durationToMs, type RawStep, stepSchema } from './workflow-spec.schema.js';

/** Maps parsed steps onto the model: default names, durations, retry defaults, child workflows. */
export function toWorkflowSpec(
  raw: { mode?: WorkflowMode | undefined; steps?: RawStep[] | undefined } | null | undefined,
  path: string,
  problems: ApplicationProblem[],
): WorkflowSpec {
  const steps = raw?.steps ?? [];
  if (steps.length === 0) return { mode: raw?.mode ?? 'StepByStep', steps: [defaultDeployStep] };
  const mapped = steps.map((step, i) => toStep(step, i, `${path}.steps[${i}]`, problems));
  const seen = new Map<string, number>();
  mapped.forEach((step, i) => {
    const earlier = seen.get(step.name);
    if (earlier !== undefined) {
      problems.push({ path: `${path}.steps[${i}].name`, problem: `step name "${step.name}" is already used by steps[${earlier}]` });
    } else seen.set(step.name, i);
  });
  return { mode: raw?.mode ?? 'StepByStep', steps: mapped };
}

function toStep(raw: RawStep, index: number, path: string, problems: ApplicationProblem[]): WorkflowStepSpec {
  const step: WorkflowStepSpec = {
    type: raw.type,
    name: raw.name ?? `${raw.type}-${index}`,
    properties: (raw.properties ?? {}) as JsonObject,
    inputs: raw.inputs ?? [],
    outputs: raw.outputs ?? [],
  };
  if (raw.stage !== undefined) step.stage = raw.stage;
  if (raw.if !== undefined) step.if = raw.if;
  if (raw.timeout !== undefined) step.timeoutMs = durationToMs(raw.timeout);
  if (raw.retry) {
    step.retry = {
      maxAttempts: raw.retry.maxAttempts,
      initialBackoffMs: raw.retry.backoff === undefined ? 1000 : durationToMs(raw.retry.backoff),
      maxBackoffMs: raw.retry.maxBackoff === undefined ? 60_000 : durationToMs(raw.retry.maxBackoff),
      factor: raw.retry.factor ?? 2,
    };
  }
  const nested = raw.steps ?? nestedInProperties(raw, path, problems);
  if (nested !== undefined) {
    if (nested.length === 0) problems.push({ path: `${path}.steps`, problem: 'a child workflow needs at least one step' });
    step.subWorkflow = toWorkflowSpec({ mode: raw.mode, steps: nested }, path, problems);
  } else if (raw.type === 'sub-workflow') {
    problems.push({ path: `${path}.steps`, problem: 'a sub-workflow step needs its own steps' });
  }
  return step;
}

/** The sub-workflow plug-in's own form, `properties.steps`, read as the child workflow. */
function nestedInProperties(raw: RawStep, path: string, problems: ApplicationProblem[]): RawStep[] | undefined {
  const steps = raw.type === 'sub-workflow' ? raw.properties?.['steps'] : undefined;
  if (!Array.isArray(steps)) return undefined;
  const parsed = stepSchema.array().safeParse(steps);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues)
    problems.push({ path: `${path}.properties.steps${formatPath(issue.path).replace(/^(?=[^[])/, '.')}`, problem: issue.message });
  return [];
}
