import { Inject, Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@appmanager/service-host';
import { Counter, Gauge, Histogram } from 'prom-client';
import { DataSource } from 'typeorm';
import { type DagNodeKind } from '../../dag/domain/deployment-dag.js';
import { type NodeState } from '../../dag/domain/node-state.machine.js';
import { type DeploymentState } from '../../workflow/domain/deployment-state.machine.js';
import { DeploymentMetrics, deploymentOutcomes, nodeOutcomes } from '../application/deployment.metrics.js';
import { type NodeRecord, type RunRecord } from '../application/run.records.js';

// Label sets are bounded: outcome and state are enums, kind is deploy|undeploy or component|trait|addon. The info
// gauge has one series per application (its latest deployment), read from the database at scrape time, so every
// replica reports the same set: aggregate with max by (app, ...) (docs in README "Metrics").
const durationBuckets = [1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

const LATEST_PER_APP = `SELECT DISTINCT ON (d.app_id) d.app_id, d.id, coalesce(r.target->>'stage', d.target->>'stage', '') AS stage,
    coalesce(r.state, d.state) AS state
  FROM deploy.deployment d LEFT JOIN deploy.deployment_run r ON r.deployment_id = d.id
  WHERE d.kind = 'deploy' ORDER BY d.app_id, d.created_at DESC`;

/** Argo CD style deployment metrics on the service's /metrics (prom-client, the service's own registry). */
@Injectable()
export class PromDeploymentMetrics extends DeploymentMetrics {
  private readonly total: Counter<'outcome' | 'kind'>;
  private readonly duration: Histogram<'outcome' | 'kind'>;
  private readonly nodeDuration: Histogram<'kind' | 'outcome'>;

  constructor(@Inject(ServiceMetrics) metrics: ServiceMetrics, @Inject(DataSource) dataSource: DataSource) {
    super();
    const registers = [metrics.registry];
    this.total = new Counter({
      name: 'appmanager_deployments_total',
      help: 'Deployments that reached an outcome (SUCCESS, FAILURE, TERMINATED), by outcome and kind (deploy, undeploy)',
      labelNames: ['outcome', 'kind'],
      registers,
    });
    this.duration = new Histogram({
      name: 'appmanager_deployment_duration_seconds',
      help: 'Time from launch to the outcome of a deployment, by outcome and kind',
      labelNames: ['outcome', 'kind'],
      buckets: durationBuckets,
      registers,
    });
    this.nodeDuration = new Histogram({
      name: 'appmanager_node_duration_seconds',
      help: 'Time a DAG node took from PROCESSING to its outcome, by node kind (component, trait, addon) and outcome',
      labelNames: ['kind', 'outcome'],
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
      registers,
    });
    new Gauge({
      name: 'appmanager_deployment_info',
      help: 'The latest deployment of each application: 1, with its state as a label',
      labelNames: ['app', 'deployment', 'stage', 'state'],
      registers,
      async collect() {
        this.reset();
        const rows: { app_id: string; id: string; stage: string; state: string }[] = await dataSource.query(LATEST_PER_APP);
        for (const row of rows) this.set({ app: row.app_id, deployment: row.id, stage: row.stage, state: row.state }, 1);
      },
    });
  }

  runMoved(from: DeploymentState, run: RunRecord): void {
    if (from === run.state || !deploymentOutcomes.includes(run.state)) return;
    const labels = { outcome: run.state, kind: run.kind };
    this.total.inc(labels);
    this.duration.observe(labels, secondsBetween(run.createdAt, run.finishedAt ?? new Date()));
  }

  nodeMoved(kind: DagNodeKind, from: NodeState, record: NodeRecord): void {
    if (from === record.state || !nodeOutcomes.includes(record.state) || !record.startedAt) return;
    this.nodeDuration.observe({ kind, outcome: record.state }, secondsBetween(record.startedAt, record.finishedAt ?? new Date()));
  }
}

const secondsBetween = (from: Date, to: Date) => Math.max(0, (new Date(to).getTime() - new Date(from).getTime()) / 1000);
