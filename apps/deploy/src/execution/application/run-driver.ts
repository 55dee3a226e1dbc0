import { childSpan, parseTraceparent, runInTrace, type TraceContext } from '@appmanager/messaging';
import { ExponentialBackoff, type IBackoff, noJitterGenerator } from 'cockatiel';
import PQueue from 'p-queue';
import { type ApplicationModel, type JsonObject, type WorkflowSpec } from '../../applications/domain/application.model.js';
import { ApplicationInvalidError } from '../../applications/domain/application-invalid.error.js';
import { type WorkflowEffect, type WorkflowEvent } from '../../workflow/domain/workflow-effects.js';
import { resumeEffects } from '../../workflow/domain/workflow-engine.js';
import { type WorkflowRun } from '../../workflow/domain/workflow-run.js';
import { type ValidateApplicationUseCase } from '../../plan/application/validate-application.use-case.js';
import { type DagExecutor } from './dag.executor.js';
import { type DeploymentMetrics } from './deployment.metrics.js';
import { finalDeploymentStates, type Operation, type RunRecord } from './run.records.js';
import { advanceRun, moveRun, startRun } from './run-transition.js';
import { type RunChange, type RunStore } from './run.store.js';
import { type StepExecutor } from './step.executor.js';
import { undeployStepType } from './undeploy.executor.js';

export interface DriverDependencies {
  store: RunStore;
  validate: ValidateApplicationUseCase;
  steps: StepExecutor;
  dag: DagExecutor;
  metrics: DeploymentMetrics;
  log: (fields: Record<string, unknown>, message: string) => void;
}

const maxTimer = 2_147_000_000;

/** While the application cannot be validated (registry or database away): 1 s doubling to a minute, as before. */
const validationBackoff = new ExponentialBackoff({ generator: noJitterGenerator, initialDelay: 1000, maxDelay: 60_000 });

/**
 * Drives one leased deployment, the effectful half (`run-transition.ts` is the pure one): every transition is
 * committed (with its events) before its effects run, so a replica that dies mid-way leaves a run another replica
 * continues from `resumeEffects`. Its work runs one piece at a time, in order, so transitions never interleave.
 */
export class RunDriver {
  private readonly tasks = new Map<string, AbortController>();
  private timer: NodeJS.Timeout | undefined;
  private readonly queue = new PQueue({ concurrency: 1 });
  private stopped = false;
  private validationRetry: IBackoff<unknown> | undefined;
  finished = false;
  /** The span this driver's work runs in, once the run says which trace launched it. */
  private trace: TraceContext | undefined;
  /** Set when an undeploy succeeded: the deployment whose components are gone, and with them its plug-in use. */
  undeployed: string | null = null;

  constructor(
    readonly id: string,
    private readonly deps: DriverDependencies,
  ) {}

  start(): Promise<void> {
    return this.serial(async () => {
      const run = await this.deps.store.load(this.id);
      if (!run) return;
      // everything this driver does from now on (events, logs) continues the trace of the launch, as a span of its own
      const launched = parseTraceparent(run.traceparent);
      if (launched) this.trace = childSpan(launched);
      return this.inTrace(() => this.resume(run));
    });
  }

  private async resume(run: RunRecord): Promise<void> {
    // a replica may have died while validating: PROCESSING without an application starts over
    if (run.state === 'CREATED' || (run.state === 'PROCESSING' && !run.workflow)) return this.begin(run);
    if (finalDeploymentStates.includes(run.state)) {
      this.finished = true;
      return;
    }
    this.perform(run, resumeEffects((run.application as ApplicationModel).workflow, run.workflow as WorkflowRun));
    this.schedule(run.wakeAt);
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
          await this.commit((run) => moveRun(run, 'TERMINATED', reason, { finishedAt: new Date() }, new Date()));
          this.finished = true;
          return;
        }
        const run = await this.transition({ type: 'terminate', reason });
        if (run?.application) await this.deps.dag.terminate(run, reason);
        return;
      }
      if (operation.kind === 'resume')
        await this.transition({
          type: 'resume',
          ...(operation.payload['context'] ? { context: operation.payload['context'] as JsonObject } : {}),
        });
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
    if (created.state === 'CREATED') await this.commit((run) => moveRun(run, 'PROCESSING', null, {}, new Date()));
    if (created.kind === 'undeploy') return this.beginUndeploy(created);
    let validated;
    try {
      validated = await this.deps.validate.execute(created.configuration, created.requestedTarget);
    } catch (error) {
      if (!(error instanceof ApplicationInvalidError)) {
        // the registry or the database may be back in a moment: stay PROCESSING and try again with backoff
        this.validationRetry = this.validationRetry ? this.validationRetry.next(undefined) : validationBackoff.next();
        const delay = this.validationRetry.duration;
        this.deps.log({ deploymentId: this.id, err: (error as Error).message, retryInMs: delay }, 'cannot validate the application yet');
        this.timer = setTimeout(() => void this.serial(async () => this.begin({ ...created, state: 'PROCESSING' })), delay);
        return;
      }
      const reason = `invalid application: ${error.message}`;
      await this.commit((run) => moveRun(run, 'FAILURE', reason, { finishedAt: new Date() }, new Date()));
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
      await this.commit((run) => moveRun(run, 'FAILURE', reason, { finishedAt: new Date() }, new Date()));
      return;
    }
    const workflow: WorkflowSpec = {
      mode: 'StepByStep',
      steps: [
        {
          type: undeployStepType,
          name: 'undeploy',
          properties: { source: source.deploymentId, stage: source.target.stage },
          inputs: [],
          outputs: [],
        },
      ],
    };
    await this.startWorkflow({ ...source.application, workflow }, source.target);
  }

  private async startWorkflow(app: ApplicationModel, target: NonNullable<RunRecord['target']>): Promise<void> {
    let effects: WorkflowEffect[] = [];
    const run = await this.commit((current) => {
      const started = startRun(current, app, target, new Date());
      effects = started.effects;
      return started.change;
    });
    this.perform(run, effects);
    this.schedule(run.wakeAt);
  }

  private async transition(event: WorkflowEvent): Promise<RunRecord | undefined> {
    let effects: WorkflowEffect[] = [];
    const run = await this.commit((current): RunChange | null => {
      const next = advanceRun(current, event, new Date());
      effects = next?.effects ?? [];
      return next?.change ?? null;
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
      await this.commit((run) => ({ run: { ...run, application: fixed, target }, history: [] }));
    } catch (error) {
      this.deps.log(
        { deploymentId: this.id, err: (error as Error).message },
        'retry with a new application refused; retrying the stored one',
      );
    }
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

  /** Commits a change of the run, then tells the metrics where it moved. */
  private async commit(change: (run: RunRecord) => RunChange | null): Promise<RunRecord> {
    let from: RunRecord['state'] | undefined;
    const run = await this.deps.store.update(this.id, (current) => {
      from = current.state;
      return change(current);
    });
    if (from !== undefined) this.deps.metrics.runMoved(from, run);
    return run;
  }

  /** Queues `work` behind what is queued; a failure is logged here and still rejects the caller's promise. */
  private inTrace<T>(work: () => Promise<T>): Promise<T> {
    return this.trace ? runInTrace(this.trace, work) : work();
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.add(async () => (this.stopped ? (undefined as T) : this.inTrace(work)));
    next.catch((error: unknown) => this.deps.log({ deploymentId: this.id, err: (error as Error).message }, 'deployment transition failed'));
    return next;
  }
}
