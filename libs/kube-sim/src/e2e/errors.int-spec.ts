import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { shareOf } from '../admin/fault-registry.js';
import { rawRequest, startHarness, type Harness } from '../test-support/sim-harness.js';

const deployment = (name: string, spec: Record<string, unknown>): string =>
  JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec });

describe('Kubernetes Status errors and injected faults', () => {
  let h: Harness;
  let token: string;
  const call = (method: string, path: string, body?: unknown, contentType = 'application/json') =>
    rawRequest(h.sim, method, `/clusters/errs${path}`, {
      token,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body), contentType } : {}),
    });
  const admin = (method: string, path: string, body?: unknown) =>
    rawRequest(h.sim, method, `/admin/v1${path}`, {
      token: h.sim.adminToken,
      ...(body !== undefined ? { body: JSON.stringify(body), contentType: 'application/json' } : {}),
    });
  const assertStatus = (json: Record<string, unknown>, code: number, reason: string): void => {
    assert.equal(json.kind, 'Status');
    assert.equal(json.status, 'Failure');
    assert.equal(json.code, code);
    assert.equal(json.reason, reason);
    assert.equal(typeof json.message, 'string');
  };

  before(async () => {
    h = await startHarness();
    h.sim.createCluster('errs');
    token = h.sim.registry.tokenOf('errs');
  });
  after(() => h.close());

  it('answers 401 Unauthorized to a wrong or missing token', async () => {
    const wrong = await rawRequest(h.sim, 'GET', '/clusters/errs/api/v1/namespaces', { token: 'not-the-token' });
    assert.equal(wrong.status, 401);
    assertStatus(wrong.json, 401, 'Unauthorized');
    const other = await rawRequest(h.sim, 'GET', '/clusters/errs/api/v1/namespaces', { token: h.sim.registry.tokenOf('someone-else') });
    assert.equal(other.status, 401);
    assert.equal((await rawRequest(h.sim, 'GET', '/clusters/errs/api/v1/namespaces')).status, 401);
  });

  it('answers 404 NotFound naming the missing object', async () => {
    const r = await call('GET', '/api/v1/namespaces/default/configmaps/nope');
    assert.equal(r.status, 404);
    assertStatus(r.json, 404, 'NotFound');
    assert.deepEqual(r.json.details, { name: 'nope', group: '', kind: 'configmaps' });
    assert.equal(r.json.message, 'configmaps "nope" not found');
    const unknownType = await call('GET', '/apis/example.com/v1/namespaces/default/widgets');
    assertStatus(unknownType.json, 404, 'NotFound');
    const noNamespace = await call('POST', '/api/v1/namespaces/ghost/configmaps', { metadata: { name: 'x' } });
    assertStatus(noNamespace.json, 404, 'NotFound');
  });

  it('answers 403 Forbidden to deleting a protected namespace and 413 to an oversized body', async () => {
    const r = await call('DELETE', '/api/v1/namespaces/default');
    assert.equal(r.status, 403);
    assertStatus(r.json, 403, 'Forbidden');
    const huge = await call('POST', '/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'huge' },
      data: { blob: 'x'.repeat(4 * 1024 * 1024) },
    });
    assertStatus(huge.json, 413, 'RequestEntityTooLarge');
  });

  it('answers 409 AlreadyExists to a second create', async () => {
    assert.equal((await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'dup' } })).status, 201);
    const r = await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'dup' } });
    assert.equal(r.status, 409);
    assertStatus(r.json, 409, 'AlreadyExists');
    assert.equal(r.json.message, 'configmaps "dup" already exists');
  });

  it('answers 409 Conflict to an update with a stale resourceVersion', async () => {
    const created = await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'occ' }, data: { v: '1' } });
    const stale = created.json.metadata as { resourceVersion: string };
    assert.equal(
      (
        await call('PUT', '/api/v1/namespaces/default/configmaps/occ', {
          metadata: { name: 'occ', resourceVersion: stale.resourceVersion },
          data: { v: '2' },
        })
      ).status,
      200,
    );
    const r = await call('PUT', '/api/v1/namespaces/default/configmaps/occ', {
      metadata: { name: 'occ', resourceVersion: stale.resourceVersion },
      data: { v: '3' },
    });
    assert.equal(r.status, 409);
    assertStatus(r.json, 409, 'Conflict');
    assert.match(String(r.json.message), /the object has been modified/);
  });

  it('answers 422 Invalid with the causes for an invalid object', async () => {
    const noSelector = await call(
      'POST',
      '/apis/apps/v1/namespaces/default/deployments',
      deployment('bad', { template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c' }] } } }),
    );
    assert.equal(noSelector.status, 422);
    assertStatus(noSelector.json, 422, 'Invalid');
    const causes = (noSelector.json.details as { causes: { field: string; reason: string }[] }).causes;
    assert.deepEqual(causes.map((c) => c.field).sort(), ['spec.selector', 'spec.template.spec.containers[0].image']);
    const badName = await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'Not_A_Name' } });
    assertStatus(badName.json, 422, 'Invalid');
    assert.equal((badName.json.details as { causes: { field: string }[] }).causes[0]!.field, 'metadata.name');
    const badPatch = await call(
      'PATCH',
      '/api/v1/namespaces/default/configmaps/dup',
      [{ op: 'test', path: '/data/x', value: 'y' }],
      'application/json-patch+json',
    );
    assertStatus(badPatch.json, 422, 'Invalid');
  });

  it('answers 400 BadRequest to a malformed body or selector, and 415 to an unknown patch type', async () => {
    assertStatus((await call('POST', '/api/v1/namespaces/default/configmaps', '{not json')).json, 400, 'BadRequest');
    assertStatus((await call('GET', '/api/v1/namespaces/default/configmaps?labelSelector=a%20in%20b')).json, 400, 'BadRequest');
    assertStatus((await call('PATCH', '/api/v1/namespaces/default/configmaps/dup', '{}', 'text/plain')).json, 415, 'UnsupportedMediaType');
  });

  it('answers 429 with Retry-After and 500 while such a fault is set, then recovers', async () => {
    const rule = await admin('POST', '/clusters/errs/faults', { error: { code: 429, retryAfterSeconds: 7 } });
    assert.equal(rule.status, 201);
    const throttled = await call('GET', '/api/v1/namespaces');
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers['retry-after'], '7');
    assertStatus(throttled.json, 429, 'TooManyRequests');
    assert.equal((throttled.json.details as { retryAfterSeconds: number }).retryAfterSeconds, 7);
    await admin('DELETE', `/faults/${String(rule.json.id)}`);
    const failing = await admin('POST', '/faults', { clusters: ['errs'], error: { code: 500 } });
    assertStatus((await call('GET', '/api/v1/namespaces')).json, 500, 'InternalError');
    await admin('DELETE', `/faults/${String(failing.json.id)}`);
    assert.equal((await call('GET', '/api/v1/namespaces')).status, 200);
  });

  it('adds latency, refuses connections, and hangs requests of a cluster that is down', async () => {
    const slow = h.sim.addFault({ clusters: ['errs'], latencyMs: 300 });
    const started = Date.now();
    assert.equal((await call('GET', '/version')).status, 200);
    assert.ok(Date.now() - started >= 300, 'the answer came before the injected latency');
    h.sim.clearFaults();
    h.sim.addFault({ clusters: ['errs'], down: 'refuse' });
    await assert.rejects(call('GET', '/version'), /socket hang up|ECONNRESET/);
    h.sim.clearFaults();
    h.sim.addFault({ clusters: ['errs'], down: 'hang' });
    let answered = false;
    const pending = call('GET', '/version').then(
      () => (answered = true),
      () => 'cut',
    );
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(answered, false);
    h.sim.clearFaults();
    assert.equal(await pending, 'cut');
    assert.ok(slow.id);
  });

  it('ends watches early when a watch-drop fault is set, and lists its fault rules', async () => {
    const rule = await admin('POST', '/faults', { clusters: ['errs'], watchDropAfterMs: 100 });
    assert.deepEqual((await admin('GET', '/faults')).json.items, [rule.json]);
    // Without the fault this watch would stay open for half an hour; the answer arriving is the proof.
    const watch = await call('GET', '/api/v1/namespaces/default/configmaps?watch=true');
    assert.equal(watch.status, 200);
    assert.match(String(watch.json.text ?? JSON.stringify(watch.json)), /"type":"ADDED"/);
    assert.equal((await admin('DELETE', '/faults')).status, 200);
    assert.deepEqual((await admin('GET', '/faults')).json.items, []);
  });

  it('applies a fault to a stable share of clusters', async () => {
    const names = Array.from({ length: 40 }, (_, i) => `share-${i}`);
    for (const n of names) h.sim.createCluster(n);
    await admin('POST', '/faults', { share: 0.25, error: { code: 500 } });
    const failed: string[] = [];
    for (const n of names) {
      const r = await rawRequest(h.sim, 'GET', `/clusters/${n}/version`, { token: h.sim.registry.tokenOf(n) });
      if (r.status === 500) failed.push(n);
    }
    h.sim.clearFaults();
    assert.deepEqual(
      failed,
      names.filter((n) => shareOf(n) < 0.25),
    );
    assert.ok(failed.length > 0 && failed.length < names.length);
  });

  it('manages clusters through the admin API', async () => {
    assert.equal((await rawRequest(h.sim, 'GET', '/admin/v1/clusters', { token: 'wrong' })).status, 401);
    const created = await admin('POST', '/clusters', { name: 'adm-1' });
    assert.equal(created.status, 201);
    assert.match(String(created.json.kubeconfig), /server: https:\/\/127\.0\.0\.1:\d+\/clusters\/adm-1/);
    assertStatus((await admin('POST', '/clusters', { name: 'adm-1' })).json, 409, 'AlreadyExists');
    assertStatus((await admin('POST', '/clusters', { name: 'Bad_Name' })).json, 422, 'Invalid');
    assertStatus((await admin('POST', '/clusters', { nam: 'typo' })).json, 400, 'BadRequest');
    const batch = await admin('POST', '/clusters', { prefix: 'batch', count: 1000 });
    assert.equal(batch.json.created, 1000);
    const listed = await admin('GET', '/clusters?limit=5');
    assert.equal((listed.json.items as string[]).length, 5);
    assert.ok(Number(listed.json.total) >= 1001);
    assert.equal(h.sim.registry.isMaterialised('batch-500'), false);
    const token500 = h.sim.registry.tokenOf('batch-500');
    for (const path of ['/version', '/api', '/apis', '/apis/apps/v1'])
      assert.equal((await rawRequest(h.sim, 'GET', `/clusters/batch-500${path}`, { token: token500 })).status, 200);
    assert.equal(h.sim.registry.isMaterialised('batch-500'), false, 'discovery leaves an idle cluster idle');
    assert.equal(
      (await rawRequest(h.sim, 'GET', '/clusters/batch-500/api/v1/namespaces/default', { token: h.sim.registry.tokenOf('batch-500') }))
        .status,
      200,
    );
    assert.equal(h.sim.registry.isMaterialised('batch-500'), true);
    assert.equal((await admin('DELETE', '/clusters/adm-1')).status, 200);
    const gone = await rawRequest(h.sim, 'GET', '/clusters/adm-1/version', { token: h.sim.registry.tokenOf('adm-1') });
    assertStatus(gone.json, 404, 'NotFound');
  });
});
