import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '@appmanager/testing';
import { anApplication, registerSimWithAmctl, startPlatformBed, writeApplication, type PlatformBed } from '../testing/platform-bed.js';

describe('amctl fleet and app-instances against the sensor', () => {
  let bed: PlatformBed;

  before(async () => {
    bed = await startPlatformBed('amctl-fleet', { podReadyDelayMs: 200, sensor: true });
    await registerSimWithAmctl(bed, await bed.kubeconfig());
    const applied = await bed.amctl(['apply', '-f', await writeApplication(bed, anApplication('sensed')), '--wait']);
    assert.equal(applied.code, 0, applied.stderr);
  });

  after(() => bed?.close());

  it('shows the live poller of unit eu with its figures', async () => {
    const fleet = await eventually(async () => {
      const run = await bed.amctl(['fleet', '-o', 'json']);
      const units = (JSON.parse(run.stdout) as { units: { unit: string; ownedClusters: number; pollers: { pollerId: string }[] }[] }).units;
      return units.some((u) => u.pollers.length > 0) ? units : undefined;
    }, 30_000);
    assert.deepEqual(
      fleet.map((u) => [u.unit, u.pollers.map((p) => p.pollerId)]),
      [['eu', ['eu-poller-1']]],
    );
    const table = await bed.amctl(['fleet']);
    assert.match(
      table.stdout,
      /^UNIT +POLLER +LIVE +CLUSTERS +WATCHED +FAILURES +UNIT POLLS\/S\neu +eu-poller-1 +yes +\d+ +\d+ +\d+ +[\d.]+$/m,
    );
  });

  it('lists the application as it runs, and one instance with its components', async () => {
    const instance = await eventually(async () => {
      const run = await bed.amctl(['app-instances', 'sensed', '-o', 'json']);
      const items = JSON.parse(run.stdout) as { cluster: string; namespace: string; stage: string; components: Record<string, string> }[];
      return items.length > 0 && Object.keys(items[0]!.components).length > 0 ? items[0] : undefined;
    }, 60_000);
    assert.deepEqual([instance.cluster, instance.namespace, instance.stage], ['sim-1', 'shop', 'dev']);
    const one = await bed.amctl(['app-instances', 'sensed', 'sim-1', 'shop', '--stage', 'dev', '-o', 'yaml']);
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /^appId: sensed$/m);
    const wrong = await bed.amctl(['app-instances', 'sensed', 'sim-1']);
    assert.equal(wrong.code, 2, 'a cluster without a namespace is bad usage');
  });
});
