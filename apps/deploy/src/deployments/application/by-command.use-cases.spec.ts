import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ContractData, type MessageContract } from '@appmanager/contracts';
import { ApplicationInvalidError } from '../../applications/domain/application-invalid.error.js';
import { type CommandInbox, type InboxOutcome, type Transaction } from '../../inbox/application/command-inbox.js';
import { type Deployment, newDeployment } from '../domain/deployment.js';
import { DeploymentConflictError } from '../domain/deployment.errors.js';
import { LaunchByCommandUseCase } from './launch-by-command.use-case.js';
import { type LaunchCheck, type LaunchDeploymentUseCase } from './launch-deployment.use-case.js';
import { type UndeployAppInstanceUseCase } from './undeploy-app-instance.use-case.js';
import { UndeployByCommandUseCase } from './undeploy-by-command.use-case.js';

/** An inbox in memory: an event id counts once per consumer; what was announced is kept per transaction that committed. */
class FakeInbox implements CommandInbox {
  private readonly seen = new Set<string>();
  readonly announced: { subject: string; data: unknown }[] = [];
  async once<T>(consumer: string, eventId: string, work: (transaction: Transaction) => Promise<T>): Promise<InboxOutcome<T>> {
    if (this.seen.has(`${consumer}/${eventId}`)) return { applied: false };
    const result = await work({ transaction: true });
    this.seen.add(`${consumer}/${eventId}`);
    return { applied: true, result };
  }
  async announce<C extends MessageContract>(_transaction: Transaction, contract: C, data: ContractData<C>): Promise<void> {
    this.announced.push({ subject: contract.subject, data });
  }
}

const request = { appId: 'shop', configuration: 'kind: ApplicationConfiguration' };
const command = { request, eventId: 'e1', consumer: 'deploy_deployment-launch-v1', correlationId: 'c1' };
const aDeployment = (): Deployment =>
  newDeployment('00000000-0000-4000-8000-000000000001', request, { sourceEventId: 'e1', correlationId: 'c1', now: new Date() });

function aLauncher(check: () => Promise<LaunchCheck>, recorded: unknown[] = []) {
  return {
    check,
    record: async (input: unknown, _check: LaunchCheck, transaction?: Transaction) => {
      recorded.push({ input, transaction });
      return { deployment: aDeployment(), created: true };
    },
  } as unknown as LaunchDeploymentUseCase;
}

describe(LaunchByCommandUseCase.name, () => {
  it("records a checked launch in the inbox's transaction, once however often the event arrives", async () => {
    const inbox = new FakeInbox();
    const recorded: unknown[] = [];
    const launch = new LaunchByCommandUseCase(
      aLauncher(async () => ({ configuration: 'x: 1', outcome: 'valid', target: { cluster: 'c1' } }), recorded),
      inbox,
    );
    assert.deepEqual(await launch.execute(command), { outcome: 'recorded', applied: true, deploymentId: aDeployment().id });
    assert.deepEqual(await launch.execute(command), { outcome: 'recorded', applied: false });
    assert.equal(recorded.length, 1);
    assert.deepEqual((recorded[0] as { transaction: Transaction }).transaction, { transaction: true });
  });

  it('announces the rejection of an application that cannot run, naming the issues and the command, once', async () => {
    const inbox = new FakeInbox();
    const invalid = async (): Promise<LaunchCheck> => {
      throw new ApplicationInvalidError([{ path: 'spec.components[0].type', problem: 'unknown type' }]);
    };
    const launch = new LaunchByCommandUseCase(aLauncher(invalid), inbox);
    const first = await launch.execute(command);
    assert.deepEqual(first, { outcome: 'rejected', applied: true, issues: [{ path: 'spec.components[0].type', problem: 'unknown type' }] });
    assert.equal((await launch.execute(command)).applied, false);
    assert.equal(inbox.announced.length, 1);
    assert.equal(inbox.announced[0]?.subject, 'deploy.evt.deployment.rejected.v1');
    assert.equal((inbox.announced[0]?.data as { commandId: string }).commandId, 'e1');
  });

  it('records a launch it could not check yet, saying why, and lets anything else fail the delivery', async () => {
    const launch = new LaunchByCommandUseCase(
      aLauncher(async () => ({ configuration: 'x: 1', outcome: 'unchecked', reason: 'registry unreachable' })),
      new FakeInbox(),
    );
    assert.equal(((await launch.execute(command)) as { uncheckedReason?: string }).uncheckedReason, 'registry unreachable');
    const broken = new LaunchByCommandUseCase(
      aLauncher(async () => Promise.reject(new Error('database down'))),
      new FakeInbox(),
    );
    await assert.rejects(broken.execute(command), /database down/);
  });
});

describe(UndeployByCommandUseCase.name, () => {
  it('refuses, with the reason, an undeploy that cannot be carried out, and lets a store failure fail the delivery', async () => {
    const refusing = {
      execute: async () => Promise.reject(new DeploymentConflictError('deployment d1 of "shop" is RUNNING')),
    } as unknown as UndeployAppInstanceUseCase;
    const input = { appId: 'shop', stage: 'dev', sourceEventId: 'e2', correlationId: 'c2' };
    assert.deepEqual(await new UndeployByCommandUseCase(refusing, new FakeInbox()).execute(input, 'durable'), {
      outcome: 'refused',
      reason: 'deployment d1 of "shop" is RUNNING',
    });
    const failing = { execute: async () => Promise.reject(new Error('database down')) } as unknown as UndeployAppInstanceUseCase;
    await assert.rejects(new UndeployByCommandUseCase(failing, new FakeInbox()).execute(input, 'durable'), /database down/);
  });
});
