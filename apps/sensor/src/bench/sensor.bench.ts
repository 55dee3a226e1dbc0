// npm run bench:sensor — BENCH_CLUSTERS (100,000) clusters in cluster-sim, BENCH_POLLERS (4) poller processes
// sharing them, deploy handing out credentials over NATS. Prints the machine and every figure beside its goal;
// asserts nothing, but exits non-zero when the benchmark itself breaks. Every process is stopped at the end.
import { randomBytes } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { createTestDatabase, startNatsServer } from '@appmanager/testing';
import pg from 'pg';
import { DEPLOY_MAIN, ProcessGroup, SENSOR_MAIN, startSim, type BenchProcess } from './bench-processes.js';
import { printResults, type BenchResults } from './bench-results.js';
import { fmt, machine, percentile, section } from './bench-report.js';
import { clusterName, seedInventory, seedSensorClusters, SimClient, UNIT } from './bench-seed.js';
import { ChangeTracker, rates, sampleLag, snapshot } from './change-phases.js';
import { converged, FleetProbe, ownershipFaults, sleep } from './fleet-probe.js';
import { joinPhase, leavePhase, repolled, type FleetControl } from './membership-phases.js';
import { naiveBaseline } from './naive-baseline.js';

const num = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const CLUSTERS = num('BENCH_CLUSTERS', 100_000);
const POLLERS = num('BENCH_POLLERS', 4);
const STEADY_S = num('BENCH_STEADY_SECONDS', 60);
const STORM_S = num('BENCH_STORM_SECONDS', 60);
/** The stable interval is 300 s ± 10 %: an unannounced change on a stable cluster is seen within 330 s. */
const STORM_COLLECT_S = num('BENCH_STORM_COLLECT_SECONDS', 340);
const SAMPLE = Math.min(num('BENCH_SAMPLE', 200), Math.floor(CLUSTERS / 10));
const BASELINE_CLUSTERS = Math.min(num('BENCH_BASELINE_CLUSTERS', 2000), CLUSTERS);
const BASELINE_S = num('BENCH_BASELINE_SECONDS', 20);
const SETTLE_S = num('BENCH_SETTLE_SECONDS', 35);
/** Knobs passed through to every poller when set in the benchmark's environment. */
const KNOBS = [
  'SENSOR_POLL_CONCURRENCY',
  'SENSOR_TAKEOVER_SPREAD_MS',
  'SENSOR_MAX_POLLS_PER_SECOND',
  'SENSOR_MEMBERSHIP_TTL_MS',
  'SENSOR_HEARTBEAT_MS',
  'SENSOR_POOL_ORIGINS',
];

const timed = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
  const started = performance.now();
  const result = await run();
  console.log(`  ${what}: ${fmt((performance.now() - started) / 1000, 2)} s`);
  return result;
};

async function main(group: ProcessGroup): Promise<BenchResults> {
  section('machine');
  console.log(`  ${machine()}`);
  const knobs = Object.fromEntries(KNOBS.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]!]));
  console.log(`  clusters ${fmt(CLUSTERS)}, pollers ${POLLERS}; poller knobs: ${JSON.stringify(knobs)} (others at their defaults)`);
  const internalKey = randomBytes(32).toString('base64');
  const secretsKey = randomBytes(32).toString('base64');

  section('setup');
  const [nats, database, sim] = await timed('NATS, Postgres and cluster-sim started', () =>
    Promise.all([startNatsServer(), createTestDatabase('sensor-bench'), startSim(group, randomBytes(18).toString('base64url'))]),
  );
  group.onStop(() => nats.stop());
  group.onStop(() => database.drop());
  const simClient = new SimClient(sim);
  group.onStop(() => simClient.close());
  const tokens = await timed(`cluster-sim seeded with ${fmt(CLUSTERS)} clusters (one labelled Deployment each)`, () =>
    simClient.seed(CLUSTERS),
  );
  const tokenOf = (cluster: string): string => tokens[Number(cluster.slice('fleet-'.length)) - 1]!;
  const digest = await simClient.seededDigest(tokens[0]!);
  const base = { NATS_URL: nats.url, DATABASE_URL: database.url, INTERNAL_SERVICE_KEY: internalKey };
  await timed('deploy started (its migrations)', () => group.service('deploy', DEPLOY_MAIN, { ...base, DEPLOY_SECRETS_KEY: secretsKey }));
  const api = await timed('sensor migrations (an api-role sensor, stopped after)', () =>
    group.service('sensor-api', SENSOR_MAIN, { ...base, SENSOR_ROLE: 'api' }),
  );
  await api.stop();
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  group.onStop(() => db.end());
  const seedInput = { count: CLUSTERS, tokens, simUrl: sim.url, caPem: sim.caPem, secretsKey, digest };
  let seedMs = performance.now();
  await timed('SQL seed: deploy.unit/cluster (sealed), sensor.component_instance, cluster_observation', () => seedInventory(db, seedInput));

  const nc = await connect({ servers: nats.url });
  group.onStop(() => nc.close());
  const pollers = new Map<string, BenchProcess>();
  const probe = new FleetProbe(nc, () => pollers.size);
  const fleet: FleetControl = {
    probe,
    clusters: CLUSTERS,
    live: () => [...pollers.keys()],
    start: async (pollerId) => {
      const env = { ...base, ...knobs, SENSOR_ROLE: 'poller', SENSOR_UNIT: UNIT, SENSOR_POLLER_ID: pollerId, NODE_OPTIONS: '--expose-gc' };
      pollers.set(pollerId, await group.service(pollerId, SENSOR_MAIN, env));
    },
    stop: async (pollerId, signal) => {
      await pollers.get(pollerId)?.stop(signal);
      pollers.delete(pollerId);
    },
  };
  const cpuOf = (pollerId: string): number => pollers.get(pollerId)?.cpuMs() ?? Number.NaN;

  section('takeover');
  await timed(`${POLLERS} pollers started`, () => Promise.all(Array.from({ length: POLLERS }, (_, i) => fleet.start(`poller-${i + 1}`))));
  seedMs = performance.now() - seedMs;
  const idleCpu = [...pollers.values()].reduce((sum, p) => sum + p.cpuMs(), 0);
  await sleep(5000);
  // what the pollers spend with nothing to poll (heartbeats, membership, reconcile), per second, all of them
  const idleCpuMsPerSecond = ([...pollers.values()].reduce((sum, p) => sum + p.cpuMs(), 0) - idleCpu) / 5;
  const idleRss = new Map([...pollers].map(([id, p]) => [id, p.rssBytes()]));
  const idleHeap = new Map((await probe.reports(true)).map((r) => [r.pollerId, r.heapUsedBytes]));
  const takeoverAt = Date.now();
  const sensorSeedMs = performance.now();
  await timed('SQL seed: sensor.cluster', () => seedSensorClusters(db, seedInput));
  const seedSeconds = (seedMs + performance.now() - sensorSeedMs) / 1000;
  nc.publish('env.evt.cluster.bench-seeded', '{}');
  const takeoverMs = await converged(probe, CLUSTERS, POLLERS, 300_000);
  const allIds = Array.from({ length: CLUSTERS }, (_, i) => clusterName(i));
  const firstPollMs = await repolled(probe, allIds, takeoverAt, 600_000);
  console.log(`  owned after ${fmt(takeoverMs / 1000, 2)} s; every cluster polled once after ${fmt((firstPollMs ?? NaN) / 1000, 2)} s`);
  // the takeover's backlog leaves the lag window (the polls of the last 30 s) before the steady phase
  await sleep(SETTLE_S * 1000);
  const reports = await probe.reports();
  const rssPerCluster = reports.map((r) => (pollers.get(r.pollerId)!.rssBytes() - idleRss.get(r.pollerId)!) / Math.max(1, r.ownedClusters));

  const tracker = new ChangeTracker(nc, simClient, probe, tokenOf);
  group.onStop(async () => tracker.close());
  section(`steady (${STEADY_S} s; ${SAMPLE} clusters announced, then changed once each)`);
  const sample = allIds.slice(CLUSTERS - SAMPLE);
  tracker.hint(sample);
  await sleep(3000);
  const steadyBefore = await snapshot(probe, cpuOf);
  const steady = await sampleLag(probe, 5000, tracker.changeSpread(sample, STEADY_S * 1000, SAMPLE, 4));
  const steadyAfter = await snapshot(probe, cpuOf);
  await tracker.settle(20_000);
  const steadyChanges = tracker.reset();
  const rssPerClusterAfterSteady = (await probe.reports()).map(
    (r) => (pollers.get(r.pollerId)!.rssBytes() - idleRss.get(r.pollerId)!) / Math.max(1, r.ownedClusters),
  );
  // the state kept per cluster: live V8 heap after a full collection, less the same poller's before it owned any
  const heapPerCluster = (await probe.reports(true)).map(
    (r) => (r.heapUsedBytes - (idleHeap.get(r.pollerId) ?? 0)) / Math.max(1, r.ownedClusters),
  );
  const steadyRates = rates(steadyBefore, steadyAfter, idleCpuMsPerSecond);

  const stormIds = allIds.slice(0, Math.round(CLUSTERS * 0.1));
  section(`storm (${fmt(stormIds.length)} clusters changed, unannounced, within ${STORM_S} s; events awaited ≤ ${STORM_COLLECT_S} s)`);
  const stormBefore = await snapshot(probe, cpuOf);
  const storm = await sampleLag(
    probe,
    5000,
    (async () => {
      await tracker.changeSpread(stormIds, STORM_S * 1000, SAMPLE, 32);
      const stormAfter = await snapshot(probe, cpuOf);
      await tracker.settle(STORM_COLLECT_S * 1000);
      return stormAfter;
    })(),
  );
  const stormChanges = tracker.reset();
  const stormRates = rates(stormBefore, storm.result, idleCpuMsPerSecond);

  section(`baseline (client-node, new KubeConfig per poll, ${fmt(BASELINE_CLUSTERS)} clusters, ${BASELINE_S} s)`);
  const baseline = await naiveBaseline(
    { simUrl: sim.url, caPem: sim.caPem, tokens, clusters: BASELINE_CLUSTERS, seconds: BASELINE_S },
    (values, p) => percentile(values, p),
  );

  section('membership');
  const join = await joinPhase(fleet, `poller-${POLLERS + 1}`);
  console.log(`  join: ${fmt(join.moved)} moved`);
  const leave = await leavePhase(fleet, 'poller-1', 'SIGTERM');
  console.log(`  leave: ${fmt(leave.moved)} moved`);
  const crash = await leavePhase(fleet, 'poller-2', 'SIGKILL');
  console.log(`  crash: ${fmt(crash.minimal)} orphaned`);
  await sleep(3000);
  const final = await probe.ownership();
  const finalReports = await probe.reports();
  const owned = finalReports.map((r) => r.ownedClusters);

  return {
    clusters: CLUSTERS,
    pollers: POLLERS,
    seedSeconds,
    takeoverMs,
    firstPollMs,
    rssPerCluster,
    rssPerClusterAfterSteady,
    heapPerCluster,
    idleRss: [...idleRss.values()],
    idleCpuMsPerSecond,
    steady: { rates: steadyRates, lagP50: steady.p50, lagP99: steady.p99, changes: steadyChanges },
    storm: { rates: stormRates, lagP50: storm.p50, lagP99: storm.p99, changes: stormChanges, size: stormIds.length },
    baseline,
    join,
    leave,
    crash,
    faults: ownershipFaults(final, allIds),
    skew: Math.max(...owned) / (owned.reduce((a, b) => a + b, 0) / owned.length),
    pooled: finalReports.map((r) => r.pooledApiServers),
  };
}

const group = new ProcessGroup();
let exitCode = 0;
const stop = (): void => void group.stopAll().finally(() => process.exit(130));
process.once('SIGINT', stop);
try {
  printResults(await main(group));
} catch (error) {
  console.error(`sensor bench failed: ${(error as Error).stack ?? String(error)}`);
  exitCode = 1;
} finally {
  await group.stopAll();
}
process.exit(exitCode);
