import { type ApplicationModel, type JsonObject, type WorkflowSpec } from '../../applications/domain/application.model.js';
import { ApplicationInvalidError } from '../../applications/domain/application-invalid.error.js';
import { deploymentStateMachine, type DeploymentState } from '../../workflow/domain/deployment-state.machine.js';
import { type WorkflowEffect, type WorkflowEvent } from '../../workflow/domain/workflow-effects.js';
import { advanceWorkflow, resumeEffects } from '../../workflow/domain/workflow-engine.js';
import { newWorkflowRun, type StepRecord, type WorkflowRun } from '../../workflow/domain/workflow-run.js';
import { type ValidateApplicationUseCase } from '../../plan/application/validate-application.use-case.js';
import { type DagExecutor } from './dag.executor.js';
import { finalDeploymentStates, type HistoryEntry, type Operation, type RunRecord } from './run.records.js';
import { type RunStore } from './run.store.js';
import { type StepExecutor } from './step.executor.js';
import { undeployStepType } from './undeploy.executor.js';

export interface DriverDependencies {
  store: RunStore;
  validate: ValidateApplicationUseCase;
  steps: StepExecutor;
  dag: DagExecutor;
  log: (fields: Record<string, unknown>, message: string) => void;
}

const maxTimer = 2_147_000_000;

/**
 * Drives one leased deployment: every engine transition is committed (with its events) before its effects run,
 * so a replica that dies mid-way leaves a run another replica continues from `resumeEffects`.
 */
export class RunDriver {
  private readonly tasks = new Map<string, AbortController>();
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private validationAttempts = 0;
  finished = false;
  /** Set when an undeploy succeeded: the deployment whose components are gone, and with them its plug-in use. */
  undeployed: string | null = null;

  constructor(readonly id: string, private readonly deps: DriverDependencies) {}

  start(): Promise<void> {
    return this.serial(async () => {
      const run = await this.deps.store.load(this.id);
      if (!run) return;
      // a replica may have died while validating: PROCESSING without an application starts over
      if (run.state === 'CREATED' || (run.state === 'PROCESSING' && !run.workflow)) return this.begin(run);
      if (finalDeploymentStates.includes(run.state)) {
        this.finished = true;
        return;
      }
      this.perform(run, resumeEffects((run.application as ApplicationModel).workflow, run.workflow as WorkflowRun));
      this.schedule(run.wakeAt);
    });
  }

  send(event: WorkflowEvent): Promise<void> {
    return this.serial(async () => {
      await this.transition(event);
    });
  }

  operate(operation: Operation): Promise<void> {
    return this.serial(async () => {
      if (operation.kind === 'retry' && operation.payload['configuration'] !== undefined) await this.replaceApplication(operation.payload);
      if (operation.kind === 'terminate') {
        const reason = typeof operation.payload['reason'] === 'string' ? operation.payload['reason'] : 'terminated by an operator';
        const current = await this.deps.store.load(this.id);
        if (current && !current.workflow && !finalDeploymentStates.includes(current.state)) {
          // stopped before its workflow began (still validating): nothing runs yet, so only the state moves
          clearTimeout(this.timer);
          await this.deps.store.update(this.id, (run) => this.move(run, 'TERMINATED', reason, { finishedAt: new Date() }));
          this.finished = true;
          return;
        }
        const run = await this.transition({ type: 'terminate', reason });
        if (run?.application) await this.deps.dag.terminate(run, reason);
        return;
      }
      if (operation.kind === 'resume') await this.transition({ type: 'resume', ...(operation.payload['context'] ? { context: operation.payload['context'] as JsonObject } : {}) });
      else if (operation.kind === 'suspend') await this.transition({ type: 'suspend', reason: 'suspended by an operator' });
      else if (operation.kind === 'retry') await this.transition({ type: 'retry' });
    });
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const controller of this.tasks.values()) controller.abort();
    this.tasks.clear();
  }

  private async begin(created: RunRecord): Promise<void> {
    if (created.state === 'CREATED') await this.deps.store.update(this.id, (run) => this.move(run, 'PROCESSING', null, {}));
    if (created.kind === 'undeploy') return this.beginUndeploy(created);
    let validated;
    try {
      validated = await this.deps.validate.execute(created.configuration, created.requestedTarget);
    } catch (error) {
      if (!(error instanceof ApplicationInvalidError)) {
        // the registry or the database may be back in a moment: stay PROCESSING and try again with backoff
        const delay = Math.min(60_000, 1000 * 2 ** this.validationAttempts++);
        this.deps.log({ deploymentId: this.id, err: (error as Error).message, retryInMs: delay }, 'cannot validate the application yet');
        this.timer = setTimeout(() => void this.serial(async () => this.begin({ ...created, state: 'PROCESSING' })), delay);
        return;
      }
      const reason = `invalid application: ${error.message}`;
      await this.deps.store.update(this.id, (run) => this.move(run, 'FAILURE', reason, { finishedAt: new Date() }));
      return;
    }
    // the launch names the application; the document's own name is only its default
    await this.startWorkflow({ ...validated.app, appId: created.appId }, validated.target);
  }

  /**
   * An undeploy runs one host step over the application its source deployment ran (kept with the run, so it is
   * known after any crash): the source's deploy steps are resolved again to find what each one applied.
   */
  private async beginUndeploy(created: RunRecord): Promise<void> {
    const source = created.sourceDeploymentId ? await this.deps.store.load(created.sourceDeploymentId) : undefined;
    if (!source?.application || !source.target?.stage) {
      const reason = `deployment ${created.sourceDeploymentId ?? '(none)'} never resolved an application on a stage: nothing it applied is known`;
      await this.deps.store.update(this.id, (run) => this.move(run, 'FAILURE', reason, { finishedAt: new Date() }));
      return;
    }
    const workflow: WorkflowSpec = {
      mode: 'StepByStep',
      steps: [{ type: undeployStepType, name: 'undeploy', properties: { source: source.deploymentId, stage: source.target.stage }, inputs: [], outputs: [] }],
    };
    await this.startWorkflow({ ...source.application, workflow }, source.target);
  }

  private async startWorkflow(app: ApplicationModel, target: NonNullable<RunRecord['target']>): Promise<void> {
    const now = new Date();
    const initial = newWorkflowRun(app.workflow);
    const first = advanceWorkflow(app.workflow, initial, { type: 'tick' }, now);
    const run = await this.deps.store.update(this.id, (r) => {
      const moved = this.move(r, 'RUNNING', null, { application: app, target, workflow: first.run, startedAt: now, wakeAt: first.wakeAt ? new Date(first.wakeAt) : null });
      return { run: moved.run, history: [...moved.history, ...stepHistory(initial.steps, first.run.steps, '')] };
    });
    this.perform(run, first.effects);
    this.schedule(run.wakeAt);
  }

  private async transition(event: WorkflowEvent): Promise<RunRecord | undefined> {
    let effects: WorkflowEffect[] = [];
    const run = await this.deps.store.update(this.id, (current) => {
      if (!current.application || !current.workflow || finalDeploymentStates.includes(current.state)) return null;
      const t = advanceWorkflow(current.application.workflow, current.workflow, event, new Date());
      effects = t.effects;
      const state = t.run.status as DeploymentState;
      const history = stepHistory(current.workflow.steps, t.run.steps, '');
      const next = { ...current, workflow: t.run, wakeAt: t.wakeAt ? new Date(t.wakeAt) : null };
      if (state === current.state || !deploymentStateMachine.canTransition(current.state, state)) return { run: next, history };
      const moved = this.move(next, state, statusReason(t.run), finalDeploymentStates.includes(state) || state === 'FAILURE' ? { finishedAt: new Date() } : {});
      return { run: moved.run, history: [...history, ...moved.history] };
    });
    this.perform(run, effects);
    this.schedule(run.wakeAt);
    if (finalDeploymentStates.includes(run.state)) this.finished = true;
    if (run.state === 'SUCCESS' && run.kind === 'undeploy') this.undeployed = run.sourceDeploymentId;
    return run;
  }

  private async replaceApplication(payload: JsonObject): Promise<void> {
    const current = await this.deps.store.load(this.id);
    if (!current) return;
    try {
      const { app, target } = await this.deps.validate.execute(payload['configuration'], current.requestedTarget);
      // the workflow in flight keeps its shape; the fix changes what its deploy steps apply
      const fixed = { ...app, appId: current.appId, workflow: current.application?.workflow ?? app.workflow };
      await this.deps.store.update(this.id, (run) => ({ run: { ...run, application: fixed, target }, history: [] }));
    } catch (error) {
      this.deps.log({ deploymentId: this.id, err: (error as Error).message }, 'retry with a new application refused; retrying the stored one');
    }
  }

  private move(run: RunRecord, to: DeploymentState, reason: string | null, extra: Partial<RunRecord>): { run: RunRecord; history: HistoryEntry[] } {
    deploymentStateMachine.transition(run.state, to);
    return {
      run: { ...run, ...extra, state: to, reason },
      history: [{ subject: 'deployment', from: run.state, to, at: new Date(), ...(reason ? { reason } : {}) }],
    };
  }

  private perform(run: RunRecord, effects: WorkflowEffect[]): void {
    for (const effect of effects) {
      const key = effect.path.join('/');
      if (effect.type === 'cancel-step') {
        this.tasks.get(key)?.abort();
        this.tasks.delete(key);
        continue;
      }
      this.tasks.get(key)?.abort();
      const controller = new AbortController();
      this.tasks.set(key, controller);
      void this.deps.steps.execute(run, effect, controller.signal).then((event) => {
        if (this.tasks.get(key) === controller) this.tasks.delete(key);
        if (event && !this.stopped && !controller.signal.aborted) void this.send(event);
      });
    }
  }

  private schedule(wakeAt: Date | null): void {
    clearTimeout(this.timer);
    if (!wakeAt || this.stopped) return;
    this.timer = setTimeout(() => void this.send({ type: 'tick' }), Math.min(maxTimer, Math.max(0, wakeAt.getTime() - Date.now())));
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(() => (this.stopped ? (undefined as T) : work()));
    this.chain = next.catch((error: unknown) => this.deps.log({ deploymentId: this.id, err: (error as Error).message }, 'deployment transition failed'));
    return next;
  }
}

/** History entries for every step whose state changed, nested steps named by their path. */
function stepHistory(before: StepRecord[], after: StepRecord[], prefix: string): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (const step of after) {
    const old = before.find((s) => s.name === step.name);
    const subject = `step:${prefix}${step.name}`;
    if (old && old.state !== step.state) entries.push({ subject, from: old.state, to: step.state, at: new Date(), ...(step.reason ? { reason: step.reason } : {}) });
    if (step.child) entries.push(...stepHistory(old?.child?.steps ?? step.child.steps.map((s) => ({ ...s, state: 'PENDING' as const })), step.child.steps, `${prefix}${step.name}/`));
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
