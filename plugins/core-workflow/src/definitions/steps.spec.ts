import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PluginHarness, type HttpRequest, type PluginHarnessOptions } from '@appmanager/plugin-sdk';
import { loadBundle } from '../testing/load-bundle.js';

async function execute(type: string, properties: object, options: Partial<PluginHarnessOptions> = {}, workflowContext: object = {}) {
  const harness = new PluginHarness(loadBundle(`${type}.step`), { kind: 'WorkflowStep', capabilities: {}, ...options });
  return harness.call<{ outcome: string; outputs?: Record<string, unknown>; reason?: string }>('execute', {
    step: { type, name: `${type}-1` },
    properties: properties as never,
    inputs: {},
    workflowContext: workflowContext as never,
  });
}

describe('deploy and apply-components steps', () => {
  it('deploy asks the engine to deploy every component with the policies in order', async () => {
    assert.deepEqual(await execute('deploy', { policies: ['topology-prod', 'override-prod'] }), {
      outcome: 'succeeded',
      outputs: { deployRequest: { components: ['*'], policies: ['topology-prod', 'override-prod'] } },
    });
  });

  it('apply-components asks for the listed components, in either notation, with the rollout', async () => {
    const result = await execute('apply-components', {
      components: ['api', { type: 'helm', name: 'chart' }],
      policies: ['topology-prod'],
      rollout: { type: 'partition' },
    });
    assert.deepEqual(result.outputs, {
      deployRequest: { components: ['api', 'helm|chart'], policies: ['topology-prod'], rollout: { type: 'partition' } },
    });
    await assert.rejects(execute('apply-components', { components: ['api', 'api'] }), /"api" is listed twice/);
  });
});

describe('suspend step', () => {
  it('suspends with its message, unless the named workflow-context flag is already set', async () => {
    assert.deepEqual(await execute('suspend', { message: 'approve the canary' }), { outcome: 'suspend', reason: 'approve the canary' });
    assert.deepEqual(await execute('suspend', { skipWhen: 'continueRollout' }, {}, { continueRollout: true }), { outcome: 'succeeded' });
  });
});

describe('rollout-promotion step', () => {
  it('promotes when the workflow context says continueRollout, and stops the workflow on rollback or when nobody decided', async () => {
    assert.deepEqual(await execute('rollout-promotion', {}, {}, { continueRollout: true }), {
      outcome: 'succeeded',
      outputs: { promoted: true },
    });
    const rolledBack = await execute('rollout-promotion', {}, {}, { continueRollout: true, rollback: true });
    assert.equal(rolledBack.outcome, 'terminate');
    assert.match(rolledBack.reason ?? '', /rollback requested \(rollback: true\)/);
    const undecided = await execute('rollout-promotion', {}, {}, {});
    assert.equal(undecided.outcome, 'terminate');
    assert.match(undecided.reason ?? '', /sets neither continueRollout nor rollback to true; nothing is promoted without a decision/);
    assert.equal((await execute('rollout-promotion', { continueKey: 'go' }, {}, { go: true })).outcome, 'succeeded');
  });
});

describe('webhook step', () => {
  const http = { http: { allow: ['https://hooks.example.com/'] } };

  it('posts the JSON body and succeeds with status and body as outputs', async () => {
    const seen: HttpRequest[] = [];
    const result = await execute(
      'webhook',
      { url: 'https://hooks.example.com/deployed', body: { app: 'shop' } },
      {
        capabilities: http,
        http: (request) => (seen.push(request), { status: 202, headers: {}, body: 'queued' }),
      },
    );
    assert.deepEqual(result, { outcome: 'succeeded', outputs: { status: 202, body: 'queued' } });
    assert.deepEqual(seen, [
      {
        url: 'https://hooks.example.com/deployed',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"app":"shop"}',
      },
    ]);
  });

  it('fails on an unexpected status so the engine retries, or terminates when asked to', async () => {
    const options = { capabilities: http, http: () => ({ status: 500, headers: {}, body: 'down' }) };
    await assert.rejects(execute('webhook', { url: 'https://hooks.example.com/x' }, options), /answered 500/);
    assert.deepEqual(await execute('webhook', { url: 'https://hooks.example.com/x', onFailure: 'terminate' }, options), {
      outcome: 'terminate',
      reason: 'webhook POST https://hooks.example.com/x answered 500',
    });
  });

  it('cannot reach a URL outside the allow-list', async () => {
    await assert.rejects(
      execute('webhook', { url: 'https://evil.test/' }, { capabilities: http, http: () => ({ status: 200, headers: {}, body: '' }) }),
      /not allow-listed/,
    );
  });
});

describe('sub-workflow step', () => {
  it('hands the child steps and a context built on the parent context to the engine', async () => {
    const steps = [
      { type: 'deploy', name: 'deploy-db' },
      { type: 'suspend', name: 'check' },
    ];
    const result = await execute('sub-workflow', { steps, context: { region: 'eu' } }, {}, { approvedBy: 'ops' });
    assert.deepEqual(result.outputs, { subWorkflow: { steps, context: { approvedBy: 'ops', region: 'eu' } } });
    await assert.rejects(execute('sub-workflow', { steps: [steps[0], steps[0]] }), /steps\[1\]: the name "deploy-db" is used twice/);
  });
});
