import { atMost, figure, fmt, percentile, section } from './bench-report.js';
import type { ChangeRecord, PhaseRates } from './change-phases.js';
import type { MoveResult } from './membership-phases.js';
import type { BaselineResult } from './naive-baseline.js';

interface PhaseResult {
  rates: PhaseRates;
  lagP50: number;
  lagP99: number;
  changes: { missing: number; records: ChangeRecord[] };
}

export interface BenchResults {
  clusters: number;
  pollers: number;
  seedSeconds: number;
  takeoverMs: number;
  firstPollMs: number | undefined;
  rssPerCluster: number[];
  /** The same, measured again after the steady phase (V8 gives back some of the takeover's garbage by then). */
  rssPerClusterAfterSteady: number[];
  /** Live heap after a full collection ÷ owned clusters: the state kept per cluster. */
  heapPerCluster: number[];
  idleRss: number[];
  idleCpuMsPerSecond: number;
  steady: PhaseResult;
  storm: PhaseResult & { size: number };
  baseline: BaselineResult;
  join: MoveResult;
  leave: MoveResult;
  crash: MoveResult;
  faults: { unowned: number; doubly: number };
  skew: number;
  pooled: number[];
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

/** change→event latency, and how far past the cluster's interval (or its next due poll) it came. */
function printLatency(phase: string, changes: PhaseResult['changes'], made: number): void {
  const records = changes.records;
  const latency = records.map((r) => r.eventAt! - r.at);
  const withInterval = records.filter((r) => r.intervalMs !== undefined);
  const overInterval = withInterval.map((r) => r.eventAt! - r.at - r.intervalMs!);
  const afterDue = withInterval.filter((r) => r.nextPollAt !== undefined).map((r) => r.eventAt! - Math.max(r.at, r.nextPollAt!));
  const intervals = withInterval.map((r) => r.intervalMs!);
  figure(`${phase}: events received / changes made`, `${fmt(records.length)} / ${fmt(made)} (${fmt(changes.missing)} never came)`);
  figure(`${phase}: change→event latency p50 / p99`, `${fmt(percentile(latency, 50), 0)} / ${fmt(percentile(latency, 99), 0)} ms`);
  figure(
    `${phase}: interval at the change (p50 / max, ${fmt(intervals.length)} asked)`,
    `${fmt(percentile(intervals, 50), 0)} / ${fmt(Math.max(0, ...intervals), 0)} ms`,
  );
  const over = percentile(overInterval, 99);
  figure(`${phase}: p99 of (latency − interval)`, `${fmt(over, 0)} ms`, atMost(over, 250, 'ms', 'latency ≤ interval + 250 ms'));
  figure(
    `${phase}: event after the cluster's next due poll, p50 / p99`,
    `${fmt(percentile(afterDue, 50), 0)} / ${fmt(percentile(afterDue, 99), 0)} ms`,
  );
}

function printMoves(what: string, move: MoveResult, failover: boolean): void {
  const ratio = move.moved / move.ideal;
  figure(`${what}: moved ÷ ideal (${fmt(move.moved)} ÷ ${fmt(move.ideal, 0)})`, fmt(ratio, 3), {
    ...atMost(ratio, 1.05, '×', '≤ 1.05 × ideal'),
    miss: `${fmt(ratio - 1.05, 3)} ×`,
  });
  figure(`${what}: moved ÷ fewest possible (${fmt(move.minimal)})`, fmt(move.moved / Math.max(1, move.minimal), 3));
  figure(`${what}: pollers agree again after`, `${fmt(move.convergedMs / 1000, 2)} s`);
  const repolled = move.repolledMs === undefined ? undefined : move.repolledMs / 1000;
  figure(
    `${what}: every moved cluster polled by its new owner after`,
    repolled === undefined ? 'not within the wait' : `${fmt(repolled, 2)} s`,
    failover ? atMost(repolled, 10, 's', 'failover ≤ 10 s') : undefined,
  );
}

function printRates(rates: PhaseRates): void {
  figure('polls (all pollers) and polls per second', `${fmt(rates.polls)}, ${fmt(rates.pollsPerSecond, 1)}/s`);
  figure('poller CPU per poll, gross (utime+stime ÷ polls)', `${fmt(rates.cpuMsPerPoll, 3)} ms`);
  figure('poller CPU per poll, net of idle pollers’ CPU', `${fmt(rates.netCpuMsPerPoll, 3)} ms`);
}

export function printResults(r: BenchResults): void {
  section('results');
  figure('clusters tracked', fmt(r.clusters), {
    text: '100,000',
    met: r.clusters >= 100_000,
    miss: `${fmt(100_000 - r.clusters)} clusters`,
  });
  figure('pollers (then +1 join, −1 SIGTERM, −1 SIGKILL)', String(r.pollers));
  figure('SQL seeding (all tables)', `${fmt(r.seedSeconds, 1)} s`);
  figure('takeover: all clusters owned after', `${fmt(r.takeoverMs / 1000, 2)} s`);
  figure(
    'takeover: every cluster polled once after',
    r.firstPollMs === undefined ? 'not within 600 s' : `${fmt(r.firstPollMs / 1000, 2)} s`,
  );
  const rss = mean(r.rssPerCluster);
  figure(
    'poller RSS per tracked cluster, 35 s after the takeover',
    `${fmt(rss / 1024, 2)} KB (idle poller ${fmt(mean(r.idleRss) / 2 ** 20, 0)} MB)`,
  );
  const settled = mean(r.rssPerClusterAfterSteady);
  figure(
    'poller RSS per tracked cluster, after the steady phase',
    `${fmt(settled / 1024, 2)} KB`,
    atMost(settled / 1024, 4, 'KB', '≤ 4 KB'),
  );
  const heap = mean(r.heapPerCluster);
  figure('poller live heap per tracked cluster (after a full GC)', `${fmt(heap / 1024, 2)} KB`, atMost(heap / 1024, 4, 'KB', '≤ 4 KB'));
  figure('API servers in each poller’s pool (one origin: the sim)', r.pooled.join(', '));

  figure('idle pollers’ CPU (all of them, before owning anything)', `${fmt(r.idleCpuMsPerSecond, 1)} ms/s`);

  section('steady');
  printRates(r.steady.rates);
  figure(
    'scheduling lag p50 / p99 (worst poller, sampled every 5 s)',
    `${fmt(r.steady.lagP50, 0)} / ${fmt(r.steady.lagP99, 0)} ms`,
    atMost(r.steady.lagP99, 200, 'ms', 'p99 < 200 ms'),
  );
  printLatency('steady', r.steady.changes, r.steady.changes.records.length + r.steady.changes.missing);

  section('storm');
  printRates(r.storm.rates);
  figure(
    'scheduling lag p50 / p99 (worst poller)',
    `${fmt(r.storm.lagP50, 0)} / ${fmt(r.storm.lagP99, 0)} ms`,
    atMost(r.storm.lagP99, 200, 'ms', 'p99 < 200 ms'),
  );
  printLatency('storm', r.storm.changes, r.storm.size);

  section('baseline (naive client-node polling, same sim)');
  const b = r.baseline;
  figure(
    `naive: polls in ${fmt(b.seconds, 1)} s over ${fmt(b.clusters)} clusters`,
    `${fmt(b.polls)} (${fmt(b.failures)} failed), p99 ${fmt(b.latencyP99Ms, 0)} ms`,
  );
  figure('naive: CPU per poll (bench process)', `${fmt(b.cpuMsPerPoll, 3)} ms`);
  const ours =
    r.storm.rates.polls > r.steady.rates.polls ? { phase: 'storm', rates: r.storm.rates } : { phase: 'steady', rates: r.steady.rates };
  figure(
    `pollers: CPU per poll, gross / net of idle (${ours.phase}, most polls)`,
    `${fmt(ours.rates.cpuMsPerPoll, 3)} / ${fmt(ours.rates.netCpuMsPerPoll, 3)} ms`,
  );
  figure(
    'naive ÷ pollers, CPU per poll (gross / net)',
    `${fmt(b.cpuMsPerPoll / ours.rates.cpuMsPerPoll, 2)} × / ${fmt(b.cpuMsPerPoll / ours.rates.netCpuMsPerPoll, 2)} ×`,
  );

  section('membership');
  printMoves('join', r.join, false);
  printMoves('leave (SIGTERM)', r.leave, false);
  printMoves('crash (SIGKILL)', r.crash, true);
  figure('busiest ÷ mean ownership (at the end)', fmt(r.skew, 3), atMost(r.skew, 1.05, '×', '≤ 1.05 (reference T7)'));
  figure('clusters unowned after convergence', fmt(r.faults.unowned), atMost(r.faults.unowned, 0, 'clusters', '0'));
  figure('clusters owned by two pollers after convergence', fmt(r.faults.doubly), atMost(r.faults.doubly, 0, 'clusters', '0'));
}
