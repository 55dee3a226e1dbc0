import { type ApplicationModel } from '../../applications/domain/application.model.js';
import { deploymentStateMachine, type DeploymentState } from '../../workflow/domain/deployment-state.machine.js';
import { type WorkflowEffect, type WorkflowEvent } from '../../workflow/domain/workflow-effects.js';
import { advanceWorkflow } from '../../workflow/domain/workflow-engine.js';
import { newWorkflowRun, type StepRecord, type WorkflowRun } from '../../workflow/domain/workflow-run.js';
import { finalDeploymentStates, type HistoryEntry, type RunRecord } from './run.records.js';
import { type RunChange } from './run.store.js';

/*
 * The pure half of driving a run: given the stored run, an event and the time, the next run, its history and the
 * effects to perform. No store, no timers: the RunDriver commits each change and then schedules its effects.
 */

/** A change of the run and the effects it asks for, performed only after the change is committed. */
export interface RunTransition {
  change: RunChange;
  effects: WorkflowEffect[];
}

/** Moves the run's state (the deployment state machine refuses an illegal move) and records why. */
export function moveRun(run: RunRecord, to: DeploymentState, reason: string | null, extra: Partial<RunRecord>, now: Date): RunChange {
  deploymentStateMachine.transition(run.state, to);
  return {
    run: { ...run, ...extra, state: to, reason },
    history: [{ subject: 'deployment', from: run.state, to, at: now, ...(reason ? { reason } : {}) }],
  };
}

/** The validated application starts its workflow: RUNNING, with the first steps' effects. */
export function startRun(run: RunRecord, app: ApplicationModel, target: NonNullable<RunRecord['target']>, now: Date): RunTransition {
  const initial = newWorkflowRun(app.workflow);
  const first = advanceWorkflow(app.workflow, initial, { type: 'tick' }, now);
  const moved = moveRun(
    run,
    'RUNNING',
    null,
    { application: app, target, workflow: first.run, startedAt: now, wakeAt: first.wakeAt ? new Date(first.wakeAt) : null },
    now,
  );
  return {
    change: { run: moved.run, history: [...moved.history, ...stepHistory(initial.steps, first.run.steps, '', now)] },
    effects: first.effects,
  };
}

/** Feeds an event to the run's workflow; null when the run has no workflow yet or is final (nothing to change). */
export function advanceRun(current: RunRecord, event: WorkflowEvent, now: Date): RunTransition | null {
  if (!current.application || !current.workflow || finalDeploymentStates.includes(current.state)) return null;
  const t = advanceWorkflow(current.application.workflow, current.workflow, event, now);
  const state = t.run.status as DeploymentState;
  const history = stepHistory(current.workflow.steps, t.run.steps, '', now);
  const next = { ...current, workflow: t.run, wakeAt: t.wakeAt ? new Date(t.wakeAt) : null };
  if (state === current.state || !deploymentStateMachine.canTransition(current.state, state))
    return { change: { run: next, history }, effects: t.effects };
  const moved = moveRun(
    next,
    state,
    statusReason(t.run),
    finalDeploymentStates.includes(state) || state === 'FAILURE' ? { finishedAt: now } : {},
    now,
  );
  return { change: { run: moved.run, history: [...history, ...moved.history] }, effects: t.effects };
}

/** History entries for every step whose state changed, nested steps named by their path. */
function stepHistory(before: StepRecord[], after: StepRecord[], prefix: string, now: Date): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (const step of after) {
    const old = before.find((s) => s.name === step.name);
    const subject = `step:${prefix}${step.name}`;
    if (old && old.state !== step.state)
      entries.push({ subject, from: old.state, to: step.state, at: now, ...(step.reason ? { reason: step.reason } : {}) });
    if (step.child)
      entries.push(
        ...stepHistory(
          old?.child?.steps ?? step.child.steps.map((s) => ({ ...s, state: 'PENDING' as const })),
          step.child.steps,
          `${prefix}${step.name}/`,
          now,
        ),
      );
  }
  return entries;
}

/** Why a workflow is where it is: its own reason, else the step that waits for an operator or is suspended. */
function statusReason(run: WorkflowRun): string | null {
  if (run.reason) return run.reason;
  for (const step of run.steps) {
    if (step.child) {
      const nested = statusReason(step.child);
      if (nested) return nested;
    }
    if ((step.needsOperator || step.state === 'WAITING_SUSPEND') && step.reason) return step.reason;
  }
  return null;
}
