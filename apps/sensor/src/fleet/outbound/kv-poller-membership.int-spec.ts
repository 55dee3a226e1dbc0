import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { eventually, startNatsServer, type PrivateNatsServer } from '@appmanager/testing';
import { KvPollerMembership } from './kv-poller-membership.js';

const TTL_MS = 1500;
const HEARTBEAT_MS = 300;
const BUCKET = 'test_sensor_pollers';
const clusters = Array.from({ length: 2000 }, (_, i) => `eu-cluster-${i}`);

interface Participant {
  pollerId: string;
  connection: NatsConnection;
  membership: KvPollerMembership;
  /** killed: its NATS connection is gone as if the process had died; it still runs, and must let go */
  state: 'live' | 'killed' | 'left';
}

describe(KvPollerMembership.name, () => {
  let nats: PrivateNatsServer;
  const participants: Participant[] = [];
  const errors: unknown[] = [];

  before(async () => {
    nats = await startNatsServer();
  });

  after(async () => {
    for (const participant of participants) {
      if (participant.state !== 'left') await participant.membership.leave();
      await participant.connection.close().catch(() => undefined);
    }
    await nats?.stop();
  });

  const live = (unit = 'eu') => participants.filter((p) => p.state === 'live' && p.membership.unit === unit);
  const running = () => participants.filter((p) => p.state !== 'left' && p.membership.unit === 'eu');

  async function add(pollerId: string, unit = 'eu'): Promise<Participant> {
    const connection = await connect({ servers: nats.url });
    const membership = await KvPollerMembership.join({
      connection,
      unit,
      pollerId,
      bucket: BUCKET,
      ttlMs: TTL_MS,
      heartbeatMs: HEARTBEAT_MS,
      onError: (error) => errors.push(error),
    });
    const participant: Participant = { pollerId, connection, membership, state: 'live' };
    // it has seen everyone already there before it owns anything
    for (const other of live(unit))
      assert.ok(membership.livePollers().includes(other.pollerId), `${pollerId} joined without seeing ${other.pollerId}`);
    participants.push(participant);
    return participant;
  }

  async function kill(pollerId: string): Promise<void> {
    const participant = participants.find((p) => p.pollerId === pollerId)!;
    participant.state = 'killed';
    await participant.connection.close();
  }

  async function leave(pollerId: string): Promise<void> {
    const participant = participants.find((p) => p.pollerId === pollerId)!;
    participant.state = 'left';
    await participant.membership.leave();
    await participant.connection.close();
  }

  /** How many running participants claim each cluster (a killed one counts: it must let go by itself). */
  function claims(): Map<string, string[]> {
    const claimants = new Map(clusters.map((clusterId) => [clusterId, [] as string[]]));
    for (const participant of running()) {
      for (const clusterId of participant.membership.ownedOf(clusters)) claimants.get(clusterId)!.push(participant.pollerId);
    }
    return claimants;
  }

  /** Every cluster has exactly one owner, a live one, and every live poller sees the same live set. */
  function converged(): true | undefined {
    const liveIds = live()
      .map((p) => p.pollerId)
      .sort();
    for (const participant of live()) if (participant.membership.livePollers().join() !== liveIds.join()) return undefined;
    for (const owners of claims().values()) if (owners.length !== 1 || !liveIds.includes(owners[0]!)) return undefined;
    return true;
  }

  it('keeps every cluster owned by exactly one live poller while pollers are killed, added and leave', async (t) => {
    for (const id of ['p1', 'p2', 'p3']) await add(id);
    const other = await add('u1', 'us');
    await eventually(async () => converged(), 3 * TTL_MS);

    // watch ownership the whole time: how long was any cluster without a live owner?
    const unownedSince = new Map<string, number>();
    let longestUnownedMs = 0;
    let during = 'start';
    let longestDuring = during;
    const observe = () => {
      const now = Date.now();
      const liveIds = new Set(live().map((p) => p.pollerId));
      for (const [clusterId, owners] of claims()) {
        const since = unownedSince.get(clusterId);
        if (since !== undefined && now - since > longestUnownedMs) {
          longestUnownedMs = now - since;
          longestDuring = during;
        }
        if (owners.some((owner) => liveIds.has(owner))) unownedSince.delete(clusterId);
        else if (since === undefined) unownedSince.set(clusterId, now);
      }
    };
    const monitor = setInterval(observe, 50);

    try {
      const changes: [string, () => Promise<unknown>][] = [
        ['kill p2', () => kill('p2')],
        ['add p4', () => add('p4')],
        ['leave p1', () => leave('p1')],
        ['add p5', () => add('p5')],
        ['kill p3', () => kill('p3')],
        ['add p6', () => add('p6')],
        ['kill p4', () => kill('p4')],
        ['add p7', () => add('p7')],
        ['leave p5', () => leave('p5')],
        ['kill p6', () => kill('p6')],
      ];
      for (const [change, apply] of changes) {
        during = change;
        await apply();
        await eventually(async () => converged(), 3 * TTL_MS).catch((error: unknown) => {
          throw new Error(`not converged after ${change}: ${String(error)}`);
        });
        // changes can follow each other faster than the monitor ticks: record that all were owned
        observe();
      }
    } finally {
      clearInterval(monitor);
    }

    t.diagnostic(
      `longest time a cluster had no live owner: ${longestUnownedMs} ms, after ${longestDuring} (TTL ${TTL_MS} ms, heartbeat ${HEARTBEAT_MS} ms)`,
    );
    assert.deepEqual(
      live().map((p) => p.pollerId),
      ['p7'],
    );
    assert.equal(claims().get('eu-cluster-0')!.join(), 'p7', 'the last poller standing owns every cluster');
    assert.ok(longestUnownedMs <= TTL_MS + HEARTBEAT_MS, `a cluster went unowned for ${longestUnownedMs} ms after ${longestDuring}`);
    assert.deepEqual(other.membership.livePollers(), ['u1'], 'units do not see each other');
  });

  it('refuses a unit or poller id that cannot be a key token', async () => {
    const connection = await connect({ servers: nats.url });
    try {
      await assert.rejects(
        KvPollerMembership.join({ connection, unit: 'eu.west', pollerId: 'p', bucket: BUCKET, ttlMs: TTL_MS, heartbeatMs: HEARTBEAT_MS }),
        /"eu.west" cannot be part of a membership key/,
      );
    } finally {
      await connection.close();
    }
  });
});
