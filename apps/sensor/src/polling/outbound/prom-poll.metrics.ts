import { Inject, Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@appmanager/service-host';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { PollOutcome } from '../domain/adaptive-interval.js';
import { PollMetrics } from '../application/poll.metrics.js';

// Cardinality: the poll metrics are labelled by unit and outcome only (a fleet has few units); the connection
// gauge has one series per cluster, each reported by the one poller that owns it (removed when it lets it go),
// so the fleet as a whole reports each cluster once.
@Injectable()
export class PromPollMetrics extends PollMetrics {
  private readonly duration: Histogram<'unit' | 'outcome'>;
  private readonly errors: Counter<'unit'>;
  private readonly status: Gauge<'cluster' | 'unit'>;

  constructor(@Inject(ServiceMetrics) metrics: ServiceMetrics) {
    super();
    const registers = [metrics.registry];
    this.duration = new Histogram({
      name: 'appmanager_poll_duration_seconds',
      help: 'One poll of one cluster (its LISTs and, on a change, the observation), by unit and outcome (unchanged, changed, failed)',
      labelNames: ['unit', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.errors = new Counter({
      name: 'appmanager_poll_errors_total',
      help: 'Polls that failed, by unit',
      labelNames: ['unit'],
      registers,
    });
    this.status = new Gauge({
      name: 'appmanager_cluster_connection_status',
      help: 'Whether a cluster answered its last poll: 1 reachable, 0 not (reported by the poller that owns it)',
      labelNames: ['cluster', 'unit'],
      registers,
    });
  }

  polled(unit: string, outcome: PollOutcome, seconds: number): void {
    this.duration.observe({ unit, outcome }, seconds);
    if (outcome === 'failed') this.errors.inc({ unit });
  }

  connection(cluster: string, unit: string, reachable: boolean): void {
    this.status.set({ cluster, unit }, reachable ? 1 : 0);
  }

  released(cluster: string, unit: string): void {
    this.status.remove({ cluster, unit });
  }
}
