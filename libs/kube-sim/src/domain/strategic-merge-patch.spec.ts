import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from './json-value.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';

const podSpec = (): JsonObject => ({
  containers: [
    {
      name: 'app',
      image: 'app:1',
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
      ports: [{ containerPort: 80 }],
    },
    { name: 'sidecar', image: 'proxy:1' },
  ],
  volumes: [{ name: 'data', emptyDir: {} }],
});

describe(applyStrategicMergePatch.name, () => {
  it('merges containers and env by name instead of replacing the lists', () => {
    const out = applyStrategicMergePatch(podSpec(), {
      containers: [
        {
          name: 'app',
          image: 'app:2',
          env: [
            { name: 'B', value: 'two' },
            { name: 'C', value: '3' },
          ],
        },
      ],
    }) as JsonObject;
    assert.deepEqual(out.containers, [
      {
        name: 'app',
        image: 'app:2',
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: 'two' },
          { name: 'C', value: '3' },
        ],
        ports: [{ containerPort: 80 }],
      },
      { name: 'sidecar', image: 'proxy:1' },
    ]);
  });

  it('deletes a list item with $patch: delete and a field with null', () => {
    const out = applyStrategicMergePatch(podSpec(), { containers: [{ name: 'sidecar', $patch: 'delete' }], volumes: null }) as JsonObject;
    assert.deepEqual(
      (out.containers as JsonObject[]).map((c) => c.name),
      ['app'],
    );
    assert.equal('volumes' in out, false);
  });

  it('honours $setElementOrder and keys Service ports by port', () => {
    const out = applyStrategicMergePatch(podSpec(), {
      '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'app' }],
    }) as JsonObject;
    assert.deepEqual(
      (out.containers as JsonObject[]).map((c) => c.name),
      ['sidecar', 'app'],
    );
    const svc = applyStrategicMergePatch(
      { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] },
      { ports: [{ port: 80, targetPort: 9090 }] },
    ) as JsonObject;
    assert.deepEqual(svc.ports, [{ port: 80, targetPort: 9090 }, { port: 443 }]);
  });

  it('replaces lists that have no merge key, such as args', () => {
    const out = applyStrategicMergePatch({ args: ['a', 'b'] }, { args: ['c'] }) as JsonObject;
    assert.deepEqual(out.args, ['c']);
  });
});
