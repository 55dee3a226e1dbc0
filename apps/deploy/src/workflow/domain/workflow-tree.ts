import { type WorkflowSpec, type WorkflowStepSpec } from '../../applications/domain/application.model.js';
import { type StepRecord, type WorkflowRun } from './workflow-run.js';

/** One workflow level of the tree (the root, or the child run of a nested step) with its spec and path. */
export interface Level {
  spec: WorkflowSpec;
  run: WorkflowRun;
  path: string[];
}

export interface LocatedStep {
  level: Level;
  spec: WorkflowStepSpec;
  record: StepRecord;
}

/** Finds the step at `path` (`['release', 'approve']` is step approve of release's child workflow). */
export function locateStep(root: Level, path: readonly string[]): LocatedStep | null {
  let level = root;
  for (let i = 0; i < path.length; i++) {
    const name = path[i] as string;
    const spec = level.spec.steps.find((s) => s.name === name);
    const record = level.run.steps.find((s) => s.name === name);
    if (!spec || !record) return null;
    if (i === path.length - 1) return { level, spec, record };
    if (!spec.subWorkflow || !record.child) return null;
    level = { spec: spec.subWorkflow, run: record.child, path: [...level.path, name] };
  }
  return null;
}

/** Every step of the tree, depth first, with its level. */
export function allSteps(root: Level): LocatedStep[] {
  const out: LocatedStep[] = [];
  root.spec.steps.forEach((spec) => {
    const record = root.run.steps.find((r) => r.name === spec.name);
    if (!record) return;
    out.push({ level: root, spec, record });
    if (spec.subWorkflow && record.child) {
      out.push(...allSteps({ spec: spec.subWorkflow, run: record.child, path: [...root.path, spec.name] }));
    }
  });
  return out;
}

export function childLevel(parent: Level, spec: WorkflowStepSpec, record: StepRecord): Level | null {
  if (!spec.subWorkflow || !record.child) return null;
  return { spec: spec.subWorkflow, run: record.child, path: [...parent.path, spec.name] };
}
