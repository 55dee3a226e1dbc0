import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '@appmanager/plugin-sdk';
import { aContext } from '../corpus/corpus-fixtures.js';
import { DEFAULT_CALL_LIMITS } from '../limits/sandbox-limits.js';
import type { KubeCapability, KubeScope, LogSink, PluginLogEntry } from './capability-ports.js';
import { HostCallDispatcher } from './host-call-dispatcher.js';

/** An in-memory KubeCapability that records what reached it. */
class RecordingKube implements KubeCapability {
  readonly seen: Array<{ method: string; scope: KubeScope; arg: unknown; fieldManager?: string }> = [];
  async get(scope: KubeScope, ref: unknown) {
    this.seen.push({ method: 'get', scope, arg: ref });
    return null;
  }
  async list(scope: KubeScope, query: unknown) {
    this.seen.push({ method: 'list', scope, arg: query });
    return [];
  }
  async apply(scope: KubeScope, object: KubeObject, options: { fieldManager: string }) {
    this.seen.push({ method: 'apply', scope, arg: object, fieldManager: options.fieldManager });
    return object;
  }
  async delete(scope: KubeScope, ref: unknown) {
    this.seen.push({ method: 'delete', scope, arg: ref });
    return true;
  }
}

const subject = {
  plugin: 'p@1.0.0',
  fn: 'apply',
  context: aContext(),
  httpAllow: ['https://api.example.com/'],
  fieldManager: 'appmanager-plugin/p',
};

describe(HostCallDispatcher.name, () => {
  it('pins Kubernetes calls to the target namespace and applies with the plug-in field manager', async () => {
    const kube = new RecordingKube();
    const dispatcher = new HostCallDispatcher([['kube', ['get', 'apply']]], { kube }, subject, DEFAULT_CALL_LIMITS);
    const applied = await dispatcher.handle(
      'kube',
      'apply',
      JSON.stringify([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } }]),
    );
    assert.equal(applied.ok, true);
    await dispatcher.handle('kube', 'get', JSON.stringify([{ apiVersion: 'v1', kind: 'ConfigMap', name: 'cm' }]));
    assert.deepEqual(
      kube.seen.map((s) => [
        s.method,
        s.scope,
        (s.arg as { namespace?: string; metadata?: { namespace?: string } }).namespace ??
          (s.arg as { metadata: { namespace: string } }).metadata.namespace,
      ]),
      [
        ['apply', { cluster: 'prod-eu-1', namespace: 'shop-prod' }, 'shop-prod'],
        ['get', { cluster: 'prod-eu-1', namespace: 'shop-prod' }, 'shop-prod'],
      ],
    );
    assert.equal(kube.seen[0]?.fieldManager, 'appmanager-plugin/p');
  });

  it('denies other namespaces, cluster-scoped kinds and methods that were not granted, without reaching the port', async () => {
    const kube = new RecordingKube();
    const dispatcher = new HostCallDispatcher([['kube', ['get', 'apply']]], { kube }, subject, DEFAULT_CALL_LIMITS);
    const answers = await Promise.all([
      dispatcher.handle('kube', 'get', JSON.stringify([{ apiVersion: 'v1', kind: 'Secret', name: 's', namespace: 'kube-system' }])),
      dispatcher.handle(
        'kube',
        'apply',
        JSON.stringify([{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'x' } }]),
      ),
      dispatcher.handle('kube', 'delete', JSON.stringify([{ apiVersion: 'v1', kind: 'ConfigMap', name: 'cm' }])),
      dispatcher.handle('http', 'fetch', JSON.stringify([{ url: 'https://api.example.com/' }])),
    ]);
    assert.deepEqual(
      answers.map((a) => (a.ok ? 'ok' : a.code)),
      ['DENIED', 'DENIED', 'DENIED', 'DENIED'],
    );
    assert.equal(kube.seen.length, 0);
  });

  it('records outputs and logs with the correlation id, and counts every call against the limit', async () => {
    const lines: PluginLogEntry[] = [];
    const log: LogSink = { write: (entry) => lines.push(entry) };
    const dispatcher = new HostCallDispatcher(
      [
        ['outputs', ['set']],
        ['log', ['info']],
      ],
      { log },
      subject,
      { ...DEFAULT_CALL_LIMITS, maxHostCalls: 3 },
    );
    assert.deepEqual(await dispatcher.handle('outputs', 'set', '["db.url","postgres://db"]'), { ok: true, json: '' });
    assert.equal((await dispatcher.handle('outputs', 'set', '["bad name!",1]')).ok, false);
    await dispatcher.handle('log', 'info', '["hello",{"step":1}]');
    assert.deepEqual(await dispatcher.handle('log', 'info', '["one too many"]'), {
      ok: false,
      code: 'LIMIT',
      message: 'made more than 3 host calls',
    });
    assert.deepEqual(dispatcher.outputs, { 'db.url': 'postgres://db' });
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.correlationId, 'corr-1');
    assert.deepEqual(lines[0]?.fields, { step: 1 });
  });

  it("turns a port failure into a message without the port's stack, and a slow port into TIMEOUT", async () => {
    const failing = new HostCallDispatcher(
      [['http', ['fetch']]],
      { http: { fetch: async () => Promise.reject(new Error('connection refused')) } },
      subject,
      DEFAULT_CALL_LIMITS,
    );
    assert.deepEqual(await failing.handle('http', 'fetch', '[{"url":"https://api.example.com/x"}]'), {
      ok: false,
      code: 'FAILED',
      message: 'http.fetch: connection refused',
    });
    const slow = new HostCallDispatcher([['http', ['fetch']]], { http: { fetch: () => new Promise(() => undefined) } }, subject, {
      ...DEFAULT_CALL_LIMITS,
      hostCallTimeoutMs: 20,
    });
    const answer = await slow.handle('http', 'fetch', '[{"url":"https://api.example.com/x"}]');
    assert.equal(answer.ok ? 'ok' : answer.code, 'TIMEOUT');
  });
});
