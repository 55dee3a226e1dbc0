import { type JsonObject, type JsonValue, type WorkflowStepSpec } from '../../applications/domain/application.model.js';
import { getAtPath } from '../../applications/domain/field-path.js';
import { applyFieldWrites } from '../../applications/domain/field-writes.js';
import { backoffDelayMs } from './retry-backoff.js';
import { evaluateCondition } from './step-condition.js';
import { activeStepStates, type StepState, stepStateMachine } from './step-state.machine.js';
import { stagePredecessors } from './workflow-graph.js';
import { childLevel, type Level } from './workflow-tree.js';
import { newWorkflowRun, type StepRecord, type WorkflowStatus } from './workflow-run.js';
import { type WorkflowEffect } from './workflow-effects.js';

/** What one pass of the engine needs besides the level it works on. */
export interface Pass {
  now: Date;
  effects: WorkflowEffect[];
  /** The root's shared context (steps see and change one context, nested or not). */
  context: JsonObject;
  /** False while the root is held or finished: nothing new starts. */
  mayStart: boolean;
}

export function move(record: StepRecord, to: StepState): void {
  record.state = stepStateMachine.transition(record.state, to);
}

/** Cancels an active step and, for a nested step, every active step of its child. */
export function cancelActive(level: Level, spec: WorkflowStepSpec, record: StepRecord, reason: string, pass: Pass): void {
  const child = childLevel(level, spec, record);
  if (child)
    child.spec.steps.forEach((s) => {
      const r = child.run.steps.find((x) => x.name === s.name) as StepRecord;
      if (activeStepStates.includes(r.state)) {
        cancelActive(child, s, r, reason, pass);
        move(r, 'TERMINATED');
        r.reason = reason;
      }
    });
  if (!spec.subWorkflow && activeStepStates.includes(record.state))
    pass.effects.push({ type: 'cancel-step', path: [...level.path, spec.name], reason });
}

/** A failed attempt: retry after backoff while attempts remain, else FAILURE. */
export function failStep(level: Level, spec: WorkflowStepSpec, record: StepRecord, reason: string, pass: Pass): void {
  record.reason = reason;
  delete record.deadline;
  delete record.needsOperator;
  if (spec.retry && record.attempts < spec.retry.maxAttempts) {
    move(record, 'PENDING');
    delete record.child;
    record.notBefore = new Date(pass.now.getTime() + backoffDelayMs(spec.retry, record.attempts)).toISOString();
    return;
  }
  move(record, 'FAILURE');
  record.endedAt = pass.now.toISOString();
}

/** Records a step's success and publishes its named outputs to the level. */
export function succeedStep(level: Level, spec: WorkflowStepSpec, record: StepRecord, outputs: JsonObject, pass: Pass): void {
  move(record, 'SUCCESS');
  record.endedAt = pass.now.toISOString();
  record.outputs = outputs;
  delete record.deadline;
  delete record.needsOperator;
  delete record.reason;
  for (const o of spec.outputs) {
    const value = getAtPath(outputs, o.valueFrom);
    if (value !== undefined) level.run.outputs[o.name] = value as JsonValue;
  }
}

/** Timeouts, child workflows, then every step that may start; finally the level's status. */
export function progressLevel(level: Level, pass: Pass): void {
  for (const spec of level.spec.steps) {
    const record = stepRecord(level, spec);
    if (activeStepStates.includes(record.state) && record.deadline && Date.parse(record.deadline) <= pass.now.getTime()) {
      const reason = `timed out after ${formatMs(spec.timeoutMs ?? 0)}`;
      cancelActive(level, spec, record, reason, pass);
      failStep(level, spec, record, reason, pass);
    }
    const child = childLevel(level, spec, record);
    if (child && activeStepStates.includes(record.state)) reconcileChild(level, spec, record, child, pass);
  }
  if (!level.run.steps.some((s) => s.state === 'FAILURE')) startReadySteps(level, pass);
  level.run.status = levelStatus(level);
  if (level.run.status === 'FAILURE') {
    const failed = level.run.steps.find((s) => s.state === 'FAILURE') as StepRecord;
    level.run.reason = `step "${failed.name}" failed: ${failed.reason ?? 'unknown reason'}`;
    for (const spec of level.spec.steps) {
      const record = stepRecord(level, spec);
      if (activeStepStates.includes(record.state)) {
        cancelActive(level, spec, record, level.run.reason, pass);
        move(record, 'TERMINATED');
        record.reason = level.run.reason;
      }
    }
  }
}

function reconcileChild(level: Level, spec: WorkflowStepSpec, record: StepRecord, child: Level, pass: Pass): void {
  progressLevel(child, pass);
  const status = child.run.status;
  if (status === 'SUCCESS') succeedStep(level, spec, record, child.run.outputs as JsonObject, pass);
  else if (status === 'FAILURE') failStep(level, spec, record, `child workflow: ${child.run.reason ?? 'failed'}`, pass);
  else if (status === 'SUSPENDED' && record.state !== 'WAITING_SUSPEND') move(record, 'WAITING_SUSPEND');
  else if (status !== 'SUSPENDED' && record.state === 'WAITING_SUSPEND') move(record, 'WAITING');
}

function startReadySteps(level: Level, pass: Pass): void {
  if (!pass.mayStart) return;
  for (let changed = true; changed;) {
    changed = false;
    level.spec.steps.forEach((spec, i) => {
      const record = stepRecord(level, spec);
      if (record.state !== 'PENDING' || !predecessorsDone(level, i)) return;
      if (record.notBefore && Date.parse(record.notBefore) > pass.now.getTime()) return;
      changed = true;
      startStep(level, spec, record, pass);
    });
  }
}

function startStep(level: Level, spec: WorkflowStepSpec, record: StepRecord, pass: Pass): void {
  if (spec.if !== undefined) {
    let holds: boolean;
    try {
      holds = evaluateCondition(spec.if, conditionScope(level, pass));
    } catch (error) {
      move(record, 'RUNNING');
      record.attempts += 1;
      failStep(level, { ...spec, retry: undefined } as WorkflowStepSpec, record, (error as Error).message, pass);
      return;
    }
    if (!holds) {
      move(record, 'SKIPPED');
      record.reason = `condition "${spec.if}" is false`;
      record.endedAt = pass.now.toISOString();
      return;
    }
  }
  record.attempts += 1;
  record.startedAt = pass.now.toISOString();
  delete record.notBefore;
  if (spec.timeoutMs !== undefined) record.deadline = new Date(pass.now.getTime() + spec.timeoutMs).toISOString();
  if (spec.subWorkflow) {
    move(record, 'RUNNING');
    move(record, 'WAITING');
    record.child = newWorkflowRun(spec.subWorkflow, { outputs: { ...level.run.outputs } });
    reconcileChild(level, spec, record, childLevel(level, spec, record) as Level, pass);
    return;
  }
  move(record, 'RUNNING');
  pass.effects.push(invocationOf(level, spec, record, pass.context));
}

/** The execute-step effect for a step's current attempt: its inputs written into its properties at parameterKey. */
export function invocationOf(level: Level, spec: WorkflowStepSpec, record: StepRecord, context: JsonObject): WorkflowEffect {
  const inputs: JsonObject = {};
  for (const input of spec.inputs)
    if (input.from in level.run.outputs) inputs[input.parameterKey] = level.run.outputs[input.from] as JsonValue;
  const properties = applyFieldWrites(
    spec.properties,
    Object.entries(inputs).map(([path, value]) => ({ path, value, source: `input ${path}` })),
  );
  return { type: 'execute-step', path: [...level.path, spec.name], step: spec, attempt: record.attempts, properties, inputs, context };
}

function predecessorsDone(level: Level, index: number): boolean {
  const done = (name: string) => ['SUCCESS', 'SKIPPED'].includes(stepRecord(level, { name } as WorkflowStepSpec).state);
  if (level.spec.mode === 'StepByStep') return index === 0 || done((level.spec.steps[index - 1] as WorkflowStepSpec).name);
  const spec = level.spec.steps[index] as WorkflowStepSpec;
  const producers = level.spec.steps.filter((s) => s.outputs.some((o) => spec.inputs.some((i) => i.from === o.name)));
  return producers.every((p) => done(p.name)) && stagePredecessors(level.spec, index).every(done);
}

function conditionScope(level: Level, pass: Pass): Record<string, unknown> {
  return {
    context: pass.context,
    outputs: level.run.outputs,
    steps: Object.fromEntries(level.run.steps.map((s) => [s.name, { state: s.state }])),
  };
}

function levelStatus(level: Level): WorkflowStatus {
  const states = level.run.steps.map((s) => s.state);
  if (states.every((s) => s === 'SUCCESS' || s === 'SKIPPED')) return 'SUCCESS';
  if (states.includes('FAILURE')) return 'FAILURE';
  if (states.includes('WAITING_SUSPEND')) return 'SUSPENDED';
  const needsOperator = level.run.steps.some((s) => s.needsOperator || s.child?.status === 'WAIT_FOR_OP');
  return needsOperator ? 'WAIT_FOR_OP' : 'RUNNING';
}

export function stepRecord(level: Level, spec: Pick<WorkflowStepSpec, 'name'>): StepRecord {
  return level.run.steps.find((r) => r.name === spec.name) as StepRecord;
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
