import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { eventually, freePort } from '@appmanager/testing';
import { anApplication, registerSimWithAmctl, startPlatformBed, writeApplication, type PlatformBed } from '../testing/platform-bed.js';

describe('amctl against deploy and cluster-sim: apply, plan, status, operations, history, env', () => {
  let bed: PlatformBed;

  before(async () => {
    bed = await startPlatformBed('amctl-deploy', { podReadyDelayMs: 300 });
    await registerSimWithAmctl(bed, await bed.kubeconfig());
  });

  after(() => bed?.close());

  /** The state of a deployment as `status -o json` tells it. */
  const stateOf = async (id: string) => {
    const run = await bed.amctl(['status', id, '-o', 'json']);
    return (JSON.parse(run.stdout) as { state: string }).state;
  };

  it('registers and lists the environment: units, clusters, namespaces, stages', async () => {
    const clusters = await bed.amctl(['env', 'cluster', 'list', '-o', 'json']);
    assert.equal(clusters.code, 0, clusters.stderr);
    assert.deepEqual(
      (JSON.parse(clusters.stdout) as { id: string; unitId: string }[]).map((c) => [c.id, c.unitId]),
      [['sim-1', 'eu']],
    );
    const stages = await bed.amctl(['env', 'stage', 'list', '--namespace', 'shop-sim-1']);
    assert.equal(stages.code, 0, stages.stderr);
    assert.match(stages.stdout, /^ID +NAMESPACE_ID +NAME\ndev-sim-1 +shop-sim-1 +dev\n$/);
    const refused = await bed.amctl(['env', 'unit', 'register', '--name', 'no id']);
    assert.equal(refused.code, 2, 'a missing --id is bad usage');
  });

  it('plans an application as a tree of levels with its critical path, deploying nothing', async () => {
    const planned = anApplication('planned');
    (planned['spec'] as { components: unknown[] }).components = [
      {
        name: 'db',
        type: 'microservice',
        properties: { image: 'shop/db:1.0' },
        outputs: [{ name: 'db.host', from: '{{ metadata.name }}' }],
      },
      {
        name: 'api',
        type: 'microservice',
        properties: { image: 'shop/api:1.0' },
        inputs: [{ from: 'db.host', to: ['properties.env.DB_HOST'] }],
      },
    ];
    const run = await bed.amctl(['plan', '-f', await writeApplication(bed, planned)]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout,
      [
        'planned → unit eu, cluster sim-1, namespace shop, stage dev',
        '├─ DAG: 2 nodes in 2 levels',
        '│  ├─ level 0',
        '│  │  └─ *microservice|db  component, core-components.appmanager.io@1.2.0, 1 objects',
        '│  └─ level 1',
        '│     └─ *microservice|api  component, core-components.appmanager.io@1.2.0, 1 objects',
        '│        └─ needs microservice|db (data)',
        '├─ critical path (*): microservice|db → microservice|api (length 2)',
        '└─ workflow StepByStep: deploy (deploy)',
        '',
      ].join('\n'),
    );
    const json = await bed.amctl(['plan', '-f', 'planned.yaml', '-o', 'json']);
    assert.deepEqual((JSON.parse(json.stdout) as { levels: string[][] }).levels, [['microservice|db'], ['microservice|api']]);
    const history = await bed.amctl(['history', 'planned']);
    assert.equal(history.code, 1, 'a plan records no deployment');
  });

  it('applies with --wait: exit 0 on SUCCESS, the result on stdout and progress on stderr', async () => {
    const run = await bed.amctl(['apply', '-f', await writeApplication(bed, anApplication('shop')), '--wait', '-o', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as { id: string; appId: string; state: string };
    assert.deepEqual([result.appId, result.state], ['shop', 'SUCCESS']);
    assert.match(run.stderr, /^deployment \S+ of shop launched$/m);
    assert.match(run.stderr, /^deployment SUCCESS$/m);
    const status = await bed.amctl(['status', result.id, '-o', 'json']);
    assert.equal(status.code, 0, status.stderr);
    const graph = JSON.parse(status.stdout) as { state: string; nodes: { id: string; state: string }[] };
    assert.equal(graph.state, 'SUCCESS');
    assert.ok(graph.nodes.length > 0 && graph.nodes.every((n) => n.state === 'SUCCESS'));
  });

  it('exits 4 when the applied deployment fails, naming the failed step', async () => {
    const slow = anApplication('times-out', [{ type: 'suspend', name: 'gate', timeout: '1s' }]);
    const run = await bed.amctl(['apply', '-f', await writeApplication(bed, slow), '--wait']);
    assert.equal(run.code, 4, run.stderr);
    assert.match(run.stdout, /FAILURE +step "gate" failed: timed out after 1s/);
    const logs = await bed.amctl(['logs', run.stdout.split('\n')[1]!.split(/\s+/)[0]!]);
    assert.match(logs.stdout, /^step gate FAILURE: timed out after 1s$/m);
  });

  it('resumes a deployment its suspend steps hold, refuses to suspend it twice, --wait exiting 0 on SUCCESS; history lists it', async () => {
    const steps = [
      { type: 'suspend', name: 'approve' },
      { type: 'deploy', name: 'ship' },
      { type: 'suspend', name: 'verify' },
    ];
    const launched = await bed.amctl(['apply', '-f', await writeApplication(bed, anApplication('held', steps)), '-o', 'yaml']);
    assert.equal(launched.code, 0, launched.stderr);
    const { id } = parse(launched.stdout) as { id: string };
    await eventually(async () => ((await stateOf(id)) === 'SUSPENDED' ? true : undefined), 30_000);
    assert.equal((await bed.amctl(['resume', id])).code, 0);
    await eventually(async () => ((await stateOf(id)) === 'SUSPENDED' ? true : undefined), 30_000); // at verify
    const suspendedAgain = await bed.amctl(['suspend', id]);
    assert.equal(suspendedAgain.code, 1, 'a deployment suspended by its step cannot be suspended again');
    assert.match(suspendedAgain.stderr, /cannot suspend deployment/);
    const resumed = await bed.amctl(['resume', id, '--wait', '--context', '{"ticket":42}']);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stdout, /SUCCESS/);
    const history = await bed.amctl(['history', 'held', '-o', 'yaml']);
    assert.equal(history.code, 0, history.stderr);
    assert.deepEqual(
      (parse(history.stdout) as { id: string; state: string }[]).map((d) => [d.id, d.state]),
      [[id, 'SUCCESS']],
    );
  });

  it('holds a deployment waiting for an operator, retries it with a fixed application and resumes it to SUCCESS', async () => {
    const broken = anApplication('broken');
    (broken['spec'] as { components: { properties: { image: string } }[] }).components[0]!.properties.image = 'shop/api:does-not-exist';
    const launched = await bed.amctl(['apply', '-f', await writeApplication(bed, broken), '-o', 'json']);
    const { id } = JSON.parse(launched.stdout) as { id: string };
    await eventually(async () => ((await stateOf(id)) === 'WAIT_FOR_OP' ? true : undefined), 30_000);
    const logs = await bed.amctl(['logs', id]);
    assert.match(logs.stdout, /^node microservice\|api WAIT_FOR_OP: .*shop\/api:does-not-exist.*ImagePullBackOff/m);

    const held = await bed.amctl(['suspend', id]);
    assert.equal(held.code, 0, held.stderr);
    assert.match(held.stderr, /suspend of deployment \S+ accepted \(it was WAIT_FOR_OP\)/);
    const fixed = await writeApplication(bed, anApplication('broken'));
    assert.equal((await bed.amctl(['retry', id, '-f', fixed])).code, 0);
    await eventually(async () => ((await stateOf(id)) === 'SUSPENDED' ? true : undefined), 30_000); // held: the retry waits for resume
    const resumed = await bed.amctl(['resume', id, '--wait', '-o', 'json']);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal((JSON.parse(resumed.stdout) as { state: string }).state, 'SUCCESS');
  });

  it('exits 2 on bad input: a file that is not one YAML object, an application deploy refuses, an unknown flag', async () => {
    await writeFile(join(bed.dir, 'list.yaml'), '- a\n- b\n');
    const notObject = await bed.amctl(['apply', '-f', 'list.yaml']);
    assert.equal(notObject.code, 2);
    assert.match(notObject.stderr, /list\.yaml must hold one YAML object/);
    const unknownType = anApplication('bad-type');
    (unknownType['spec'] as { components: { type: string }[] }).components[0]!.type = 'no-such-type';
    const refused = await bed.amctl(['plan', '-f', await writeApplication(bed, unknownType)]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /deploy answered 422/);
    assert.equal((await bed.amctl(['status', 'x', '--frobnicate'])).code, 2);
  });

  it('exits 5 when the service cannot be reached, and 3 without a credential', async () => {
    const unreachable = await bed.amctl(['--deploy', `http://127.0.0.1:${await freePort()}`, 'history', 'shop']);
    assert.equal(unreachable.code, 5);
    assert.match(unreachable.stderr, /cannot reach deploy at http:\/\/127\.0\.0\.1:\d+/);
    const anonymous = await bed.amctl(['history', 'shop'], { AMCTL_TOKEN: '' });
    assert.equal(anonymous.code, 3);
  });
});
