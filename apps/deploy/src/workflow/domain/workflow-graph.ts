import { type ApplicationProblem } from '../../applications/domain/application-invalid.error.js';
import { type WorkflowSpec } from '../../applications/domain/application.model.js';
import { findCycle } from '../../dag/domain/dag-analysis.js';

export interface WorkflowGraph {
  nodes: { id: string }[];
  edges: { from: string; to: string; output?: string }[];
}

/**
 * StepByStep: each step after the previous one. DAG: an edge from the step that outputs `inputs.from` to the
 * step that consumes it (AppManager's two modes). Returns the problems of the whole tree, child workflows included.
 */
export function buildWorkflowGraph(spec: WorkflowSpec, path: string, problems: ApplicationProblem[] = []): WorkflowGraph {
  const nodes = spec.steps.map((s) => ({ id: s.name }));
  const edges: WorkflowGraph['edges'] = [];
  const producer = new Map<string, { step: string; index: number }>();
  spec.steps.forEach((step, i) =>
    step.outputs.forEach((o, j) => {
      const earlier = producer.get(o.name);
      if (earlier) problems.push({ path: `${path}.steps[${i}].outputs[${j}].name`, problem: `output "${o.name}" is already produced by step "${earlier.step}"` });
      else producer.set(o.name, { step: step.name, index: i });
    }),
  );
  spec.steps.forEach((step, i) => {
    if (spec.mode === 'StepByStep' && i > 0) edges.push({ from: (spec.steps[i - 1] as { name: string }).name, to: step.name });
    step.inputs.forEach((input, j) => {
      const from = producer.get(input.from);
      const at = `${path}.steps[${i}].inputs[${j}].from`;
      if (!from) problems.push({ path: at, problem: `no step outputs "${input.from}"` });
      else if (spec.mode === 'StepByStep' && from.index >= i) problems.push({ path: at, problem: `"${input.from}" comes from a later step "${from.step}"` });
      else if (spec.mode === 'DAG') edges.push({ from: from.step, to: step.name, output: input.from });
    });
    if (step.subWorkflow) buildWorkflowGraph(step.subWorkflow, `${path}.steps[${i}]`, problems);
  });
  const cycle = spec.mode === 'DAG' ? findCycle({ nodes, edges }) : null;
  if (cycle) problems.push({ path: `${path}.steps`, problem: `step cycle: ${cycle.join(' → ')}` });
  return { nodes, edges };
}
