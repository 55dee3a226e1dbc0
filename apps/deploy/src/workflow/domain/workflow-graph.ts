import { type ApplicationProblem } from '../../applications/domain/application-invalid.error.js';
import { deployStepTypes, type WorkflowSpec, type WorkflowStepSpec } from '../../applications/domain/application.model.js';
import { findCycle } from '../../dag/domain/dag-analysis.js';

export interface WorkflowGraph {
  nodes: { id: string }[];
  edges: { from: string; to: string; output?: string }[];
}

const isDeployStep = (step: WorkflowStepSpec) => deployStepTypes.includes(step.type);
const isBeforeDeploy = (step: WorkflowStepSpec) => step.stage === 'pre-render' || step.stage === 'post-render';

/**
 * What a step of a DAG-mode workflow waits for besides its inputs' producers, from `stage`: a deploy step waits
 * for every pre-render/post-render step of its level, a post-deploy step for every deploy step of its level.
 */
export function stagePredecessors(spec: WorkflowSpec, index: number): string[] {
  const step = spec.steps[index] as WorkflowStepSpec;
  if (step.stage === 'post-deploy') return spec.steps.filter((s) => s !== step && isDeployStep(s)).map((s) => s.name);
  if (isDeployStep(step)) return spec.steps.filter((s) => s !== step && isBeforeDeploy(s)).map((s) => s.name);
  return [];
}

/**
 * StepByStep: each step after the previous one. DAG: an edge from the step that outputs `inputs.from` to the
 * step that consumes it (AppManager's two modes), plus the `stage` edges of stagePredecessors. A stage needs a
 * deploy step on its level (StepByStep: after a pre-/post-render step, before a post-deploy one).
 * Returns the problems of the whole tree, child workflows included.
 */
export function buildWorkflowGraph(spec: WorkflowSpec, path: string, problems: ApplicationProblem[] = []): WorkflowGraph {
  const nodes = spec.steps.map((s) => ({ id: s.name }));
  const edges: WorkflowGraph['edges'] = [];
  const producer = new Map<string, { step: string; index: number }>();
  spec.steps.forEach((step, i) =>
    step.outputs.forEach((o, j) => {
      const earlier = producer.get(o.name);
      if (earlier)
        problems.push({
          path: `${path}.steps[${i}].outputs[${j}].name`,
          problem: `output "${o.name}" is already produced by step "${earlier.step}"`,
        });
      else producer.set(o.name, { step: step.name, index: i });
    }),
  );
  spec.steps.forEach((step, i) => {
    if (spec.mode === 'StepByStep' && i > 0) edges.push({ from: (spec.steps[i - 1] as { name: string }).name, to: step.name });
    step.inputs.forEach((input, j) => {
      const from = producer.get(input.from);
      const at = `${path}.steps[${i}].inputs[${j}].from`;
      if (!from) problems.push({ path: at, problem: `no step outputs "${input.from}"` });
      else if (spec.mode === 'StepByStep' && from.index >= i)
        problems.push({ path: at, problem: `"${input.from}" comes from a later step "${from.step}"` });
      else if (spec.mode === 'DAG') edges.push({ from: from.step, to: step.name, output: input.from });
    });
    stageProblem(spec, i, `${path}.steps[${i}].stage`, problems);
    if (spec.mode === 'DAG') {
      for (const from of stagePredecessors(spec, i))
        if (!edges.some((e) => e.from === from && e.to === step.name)) edges.push({ from, to: step.name });
    }
    if (step.subWorkflow) buildWorkflowGraph(step.subWorkflow, `${path}.steps[${i}]`, problems);
  });
  const cycle = spec.mode === 'DAG' ? findCycle({ nodes, edges }) : null;
  if (cycle) problems.push({ path: `${path}.steps`, problem: `step cycle: ${cycle.join(' → ')}` });
  return { nodes, edges };
}

function stageProblem(spec: WorkflowSpec, index: number, path: string, problems: ApplicationProblem[]): void {
  const step = spec.steps[index] as WorkflowStepSpec;
  if (step.stage === undefined) return;
  if (isDeployStep(step)) {
    problems.push({ path, problem: `a ${step.type} step has no stage: stages order other steps around it` });
    return;
  }
  const candidates =
    spec.mode === 'DAG' ? spec.steps : step.stage === 'post-deploy' ? spec.steps.slice(0, index) : spec.steps.slice(index + 1);
  if (candidates.some(isDeployStep)) return;
  const where = spec.mode === 'DAG' ? 'in its workflow' : step.stage === 'post-deploy' ? 'before it' : 'after it';
  problems.push({ path, problem: `stage "${step.stage}" needs a deploy or apply-components step ${where}` });
}
