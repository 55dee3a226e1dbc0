import { Inject, Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@appmanager/service-host';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';

// Argo CD's info-gauge style: 1 per instance, the status a label. Read from the database at scrape time by the api
// role only (pollers do not serve them), so the series do not multiply with the poller fleet: one per app instance
// (app x stage x cluster x namespace) and one per component instance; at fleet scale, scrape the api role with a
// longer interval or drop appmanager_component_instance_info with a metric_relabel_config (README "Metrics").
const APP_INSTANCES = 'SELECT app_id, stage, cluster, namespace, status FROM sensor.app_instance';
const COMPONENT_INSTANCES = 'SELECT app_id, component, stage, cluster, namespace, status FROM sensor.component_instance';

@Injectable()
export class PromInstanceMetrics {
  constructor(@Inject(ServiceMetrics) metrics: ServiceMetrics, @Inject(DataSource) dataSource: DataSource) {
    const registers = [metrics.registry];
    new Gauge({
      name: 'appmanager_app_instance_info',
      help: 'Each app instance the sensor knows: 1, with its aggregated status as a label',
      labelNames: ['app', 'stage', 'cluster', 'namespace', 'status'],
      registers,
      async collect() {
        this.reset();
        const rows: Record<'app_id' | 'stage' | 'cluster' | 'namespace' | 'status', string>[] = await dataSource.query(APP_INSTANCES);
        for (const r of rows) this.set({ app: r.app_id, stage: r.stage, cluster: r.cluster, namespace: r.namespace, status: r.status }, 1);
      },
    });
    new Gauge({
      name: 'appmanager_component_instance_info',
      help: 'Each component instance the sensor knows: 1, with its status as a label',
      labelNames: ['app', 'component', 'stage', 'cluster', 'namespace', 'status'],
      registers,
      async collect() {
        this.reset();
        const rows: Record<'app_id' | 'component' | 'stage' | 'cluster' | 'namespace' | 'status', string>[] =
          await dataSource.query(COMPONENT_INSTANCES);
        for (const r of rows)
          this.set(
            { app: r.app_id, component: r.component, stage: r.stage, cluster: r.cluster, namespace: r.namespace, status: r.status },
            1,
          );
      },
    });
  }
}
