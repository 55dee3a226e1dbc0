import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyNode, type ComponentInstance, type NodeApplied, removeNode } from './component-instance.js';

const hash = (c: string) => c.repeat(64);

/** Builder: the component node `helm|web` applied on prod/eu-1 unless told otherwise. */
function anApply(overrides: Partial<NodeApplied> = {}): NodeApplied {
  return {
    appId: 'shop',
    stage: 'prod',
    cluster: 'eu-1',
    namespace: 'shop',
    component: 'helm|web',
    unit: 'eu',
    node: 'helm|web',
    componentType: 'helm',
    version: '1.0.0',
    deploymentId: 'd1',
    objects: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', specHash: hash('a') }],
    appliedAt: new Date('2026-11-28T10:00:00Z'),
    ...overrides,
  };
}
const trait = (overrides: Partial<NodeApplied> = {}) =>
  anApply({
    node: 'helm|web#ingress',
    version: 't-1',
    objects: [{ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'web', specHash: hash('b') }],
    appliedAt: new Date('2026-11-28T10:00:01Z'),
    ...overrides,
  });
const kinds = (instance: ComponentInstance | undefined) => instance?.objects.map((o) => `${o.node}:${o.kind}/${o.name}`).sort();

describe("component instance from deploy's inventory", () => {
  it("starts PENDING with the component node's objects and version", () => {
    const instance = applyNode(undefined, anApply());
    assert.equal(instance.status, 'PENDING');
    assert.equal(instance.version, '1.0.0');
    assert.deepEqual(kinds(instance), ['helm|web:Deployment/web']);
  });

  it("adds a trait's objects beside the component's, keeping the component's version", () => {
    const instance = applyNode(applyNode(undefined, anApply()), trait());
    assert.deepEqual(kinds(instance), ['helm|web#ingress:Ingress/web', 'helm|web:Deployment/web']);
    assert.equal(instance.version, '1.0.0');
  });

  it("replaces a node's objects when it applies again, and takes the new version", () => {
    const first = applyNode(applyNode(undefined, anApply()), trait());
    const redeployed = applyNode(
      first,
      anApply({
        version: '1.1.0',
        appliedAt: new Date('2026-11-28T11:00:00Z'),
        objects: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', specHash: hash('c') },
          { apiVersion: 'v1', kind: 'Service', name: 'web', specHash: hash('d') },
        ],
      }),
    );
    assert.equal(redeployed.version, '1.1.0');
    assert.deepEqual(kinds(redeployed), ['helm|web#ingress:Ingress/web', 'helm|web:Deployment/web', 'helm|web:Service/web']);
    assert.equal(redeployed.objects.find((o) => o.kind === 'Deployment')!.specHash, hash('c'));
  });

  it('is as recent as its latest node, whichever event arrives first', () => {
    const traitFirst = applyNode(applyNode(undefined, trait()), anApply());
    assert.equal(traitFirst.updatedAt.toISOString(), '2026-11-28T10:00:01.000Z');
    assert.equal(traitFirst.version, '1.0.0');
    assert.deepEqual(kinds(traitFirst), ['helm|web#ingress:Ingress/web', 'helm|web:Deployment/web']);
  });

  it('ignores an apply older than the one it has for that node', () => {
    const newer = applyNode(undefined, anApply({ version: '2.0.0', appliedAt: new Date('2026-11-28T12:00:00Z') }));
    assert.equal(applyNode(newer, anApply({ version: '1.0.0' })), newer);
  });

  it('keeps the status a later poll gave it when a node applies again', () => {
    const running: ComponentInstance = { ...applyNode(undefined, anApply()), status: 'RUNNING' };
    assert.equal(applyNode(running, trait()).status, 'RUNNING');
  });

  it("drops a removed node's objects, and the instance with its last node", () => {
    const both = applyNode(applyNode(undefined, anApply()), trait());
    const removedAt = new Date('2026-11-28T13:00:00Z');
    const withoutTrait = removeNode(both, { ...anApply(), node: 'helm|web#ingress', removedAt });
    assert.deepEqual(kinds(withoutTrait), ['helm|web:Deployment/web']);
    assert.equal(removeNode(withoutTrait!, { ...anApply(), node: 'helm|web', removedAt }), undefined);
  });

  it('ignores a removal that a later apply overtook', () => {
    const redeployed = applyNode(undefined, anApply({ appliedAt: new Date('2026-11-28T14:00:00Z') }));
    assert.equal(removeNode(redeployed, { ...anApply(), removedAt: new Date('2026-11-28T13:00:00Z') }), redeployed);
  });
});
