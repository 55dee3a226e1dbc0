import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { annotateVersion, canonicalJson, nodeVersion, nodeVersionAnnotation } from './node-version.js';
import { diagnosePods } from './pod-diagnosis.js';

describe(nodeVersion.name, () => {
  it('gives equal objects the same version whatever their key order, and a changed image a new one', () => {
    const a = { kind: 'Deployment', metadata: { name: 'x', labels: { b: '1', a: '2' } }, spec: { image: 'shop:1' } };
    const b = { spec: { image: 'shop:1' }, metadata: { labels: { a: '2', b: '1' }, name: 'x' }, kind: 'Deployment' };
    assert.equal(canonicalJson(a), canonicalJson(b));
    assert.equal(nodeVersion([a]), nodeVersion([b]));
    assert.notEqual(nodeVersion([a]), nodeVersion([{ ...a, spec: { image: 'shop:2' } }]));
    const object: { metadata: { name: string; annotations?: Record<string, string> } } = { metadata: { name: 'x' } };
    const [annotated] = annotateVersion([object], 'v1');
    assert.equal(annotated?.metadata.annotations?.[nodeVersionAnnotation], 'v1');
  });
});

describe(diagnosePods.name, () => {
  it('names the pod, container, image and reason an operator has to fix, and ignores pods merely starting', () => {
    const starting = {
      metadata: { name: 'p0' },
      status: { containerStatuses: [{ name: 'web', image: 'shop:1', state: { waiting: { reason: 'ContainerCreating' } } }] },
    };
    const stuck = {
      metadata: { name: 'p1' },
      status: {
        containerStatuses: [
          { name: 'web', image: 'shop:nope', state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } } },
        ],
      },
    };
    assert.equal(diagnosePods([starting]), null);
    assert.equal(diagnosePods([starting, stuck]), 'pod p1 container web (shop:nope) is in ImagePullBackOff: Back-off pulling image');
  });
});
