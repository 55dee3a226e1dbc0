import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ServiceLogger } from '@appmanager/service-host';
import { type EnvironmentRepository } from '../../environments/application/environment.repository.js';
import { type Cluster } from '../../environments/domain/environment.model.js';
import { ClusterKubeGateways } from './cluster-kube.gateways.js';

const aCluster = (token: string): Cluster => ({
  id: 'c1',
  unitId: 'u1',
  name: 'c1',
  apiEndpoint: 'https://127.0.0.1:6443',
  sensing: 'poll',
  caCertificate: '',
  credentials: { kind: 'token', token },
});

describe(ClusterKubeGateways.name, () => {
  it("reuses a cluster's client, builds a fresh one once its credentials change, and refuses a removed cluster", async () => {
    let stored: Cluster | undefined = aCluster('first');
    const environments = { cluster: async () => stored } as unknown as EnvironmentRepository;
    const gateways = new ClusterKubeGateways(environments, { info: () => undefined } as unknown as ServiceLogger);
    const first = await gateways.forCluster('c1');
    assert.equal(await gateways.forCluster('c1'), first);
    stored = aCluster('rotated');
    const rotated = await gateways.forCluster('c1');
    assert.notEqual(rotated, first);
    assert.equal(await gateways.forCluster('c1'), rotated);
    stored = undefined;
    await assert.rejects(gateways.forCluster('c1'), /cluster "c1" is not registered/);
  });
});
