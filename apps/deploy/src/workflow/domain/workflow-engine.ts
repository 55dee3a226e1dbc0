import { type WorkflowSpec } from '../../applications/domain/application.model.js';
import { activeStepStates } from './step-state.machine.js';
import { type WorkflowEffect, type WorkflowEvent } from './workflow-effects.js';
import { cancelActive, failStep, invocationOf, move, type Pass, progressLevel, succeedStep } from './workflow-progress.js';
import { allSteps, type Level, locateStep } from './workflow-tree.js';
import { type StepRecord, type WorkflowRun, type WorkflowStatus } from './workflow-run.js';

export interface WorkflowTransition {
  run: WorkflowRun;
  /** To perform after `run` is persisted. */
  effects: WorkflowEffect[];
  /** The next instant a `tick` has work to do (a retry's backoff or a timeout), or null. */
  wakeAt: string | null;
}

const finished: readonly WorkflowStatus[] = ['SUCCESS', 'FAILURE', 'TERMINATED'];

/**
 * The workflow engine as a pure function: (spec, persisted run, event, clock) → new run + effects. The caller
 * persists `run` before performing effects, so after a crash `resumeEffects` tells what was in flight.
 * Events about a step that is no longer active, or about an older attempt, are ignored: redelivery is harmless.
 */
export function advanceWorkflow(spec: WorkflowSpec, current: WorkflowRun, event: WorkflowEvent, now: Date): WorkflowTransition {
  const run = structuredClone(current);
  const root: Level = { spec, run, path: [] };
  const pass: Pass = { now, effects: [], context: run.context, mayStart: false };
  applyEvent(root, event, pass);
  if (!finished.includes(run.status)) {
    pass.mayStart = !run.held;
    progressLevel(root, pass);
    if (run.held && run.status === 'RUNNING') run.status = 'SUSPENDED';
  }
  return { run, effects: pass.effects, wakeAt: nextWake(root) };
}

function applyEvent(root: Level, event: WorkflowEvent, pass: Pass): void {
  const run = root.run;
  switch (event.type) {
    case 'tick':
      return;
    case 'suspend':
      if (finished.includes(run.status)) return;
      run.held = true;
      if (event.reason) run.reason = event.reason;
      return;
    case 'resume':
      if (finished.includes(run.status)) return;
      run.held = false;
      Object.assign(run.context, event.context ?? {});
      for (const s of allSteps(root))
        if (s.record.state === 'WAITING_SUSPEND' && !s.spec.subWorkflow) succeedStep(s.level, s.spec, s.record, {}, pass);
      return;
    case 'terminate':
      if (finished.includes(run.status)) return;
      for (const s of allSteps(root)) {
        if (s.record.state !== 'PENDING' && !activeStepStates.includes(s.record.state)) continue;
        if (activeStepStates.includes(s.record.state)) cancelActive(s.level, s.spec, s.record, event.reason, pass);
        if (s.record.state !== 'TERMINATED') move(s.record, 'TERMINATED');
        s.record.reason = event.reason;
      }
      run.status = 'TERMINATED';
      run.reason = event.reason;
      return;
    case 'retry':
      if (run.status !== 'FAILURE' && run.status !== 'WAIT_FOR_OP') return;
      for (const s of allSteps(root)) retryStep(s);
      run.status = 'RUNNING';
      delete run.reason;
      return;
    default:
      applyStepEvent(root, event, pass);
  }
}

/** Retry from the failed step: done steps stay done; a nested step waits on its retried child again. */
function retryStep({ spec, record }: { spec: WorkflowSpec['steps'][number]; record: StepRecord }): void {
  const failed = record.state === 'FAILURE' || record.state === 'TERMINATED';
  if (spec.subWorkflow && record.child && failed) {
    move(record, 'WAITING');
    record.child.status = 'RUNNING';
    delete record.child.reason;
  } else if (failed || record.needsOperator) {
    move(record, 'PENDING');
    record.attempts = 0;
  } else return;
  delete record.needsOperator;
  delete record.notBefore;
  delete record.endedAt;
  delete record.deadline;
}

function applyStepEvent(root: Level, event: Extract<WorkflowEvent, { path: string[] }>, pass: Pass): void {
  const found = locateStep(root, event.path);
  if (!found || found.spec.subWorkflow || found.record.attempts !== event.attempt) return;
  const { level, spec, record } = found;
  if (!activeStepStates.includes(record.state) || finished.includes(root.run.status)) return;
  if ('context' in event && event.context) Object.assign(pass.context, event.context);
  switch (event.type) {
    case 'step-succeeded':
      return succeedStep(level, spec, record, event.outputs ?? {}, pass);
    case 'step-suspended':
      if (record.state !== 'WAITING_SUSPEND') move(record, 'WAITING_SUSPEND');
      record.reason = event.reason ?? 'suspended by the step';
      return;
    case 'step-failed':
      return failStep(level, spec, record, event.reason, pass);
    case 'step-needs-operator':
      if (record.state !== 'WAITING') move(record, 'WAITING');
      record.needsOperator = true;
      record.reason = event.reason;
      return;
    case 'step-terminated':
      return applyEvent(
        root,
        { type: 'terminate', reason: `step "${event.path.join('/')}" terminated the workflow: ${event.reason}` },
        pass,
      );
  }
}

function nextWake(root: Level): string | null {
  if (finished.includes(root.run.status)) return null;
  const instants = allSteps(root).flatMap(({ record }) => {
    if (record.state === 'PENDING' && record.notBefore) return [record.notBefore];
    if (activeStepStates.includes(record.state) && record.deadline) return [record.deadline];
    return [];
  });
  return instants.length === 0 ? null : instants.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
}

/** After a restart: re-issue the steps that were running when the last replica stopped (executors are idempotent). */
export function resumeEffects(spec: WorkflowSpec, run: WorkflowRun): WorkflowEffect[] {
  if (finished.includes(run.status)) return [];
  return allSteps({ spec, run, path: [] })
    .filter(({ spec: s, record }) => record.state === 'RUNNING' && !s.subWorkflow)
    .map(({ level, spec: s, record }) => invocationOf(level, s, record, run.context));
}
