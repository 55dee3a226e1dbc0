import type { Command } from 'commander';
import { ServiceClient } from '../../auth/service.client.js';
import { UsageError } from '../../cli/cli-io.js';
import { action, type CommandContext } from '../../cli/command-context.js';
import { outputOption, printData, type OutputFormat } from '../../cli/output.js';

interface FleetUnit {
  unit: string;
  ownedClusters: number;
  pollsPerSecond: number;
  pollers: { pollerId: string; live: boolean; ownedClusters: number; watchedClusters: number; failures: number }[];
}

interface AppInstance {
  appId: string;
  stage: string | null;
  cluster: string;
  namespace: string;
  status: string;
  components: Record<string, string>;
  updatedAt: string;
}

/** What the sensor sees: its pollers (GET /v1/fleet) and the applications' live instances (GET /v1/app-instances). */
export function registerFleetCommands(program: Command, ctx: CommandContext): void {
  const { io } = ctx;
  program
    .command('fleet')
    .description('the sensor pollers by unit: clusters owned and watched, polls per second, failures')
    .addOption(outputOption())
    .action(
      action(ctx, async (o: { output: OutputFormat }) => {
        const fleet = await ServiceClient.of('sensor', io).json<{ units: FleetUnit[] }>('/v1/fleet');
        printData(io, o.output, fleet, () => ({
          head: ['UNIT', 'POLLER', 'LIVE', 'CLUSTERS', 'WATCHED', 'FAILURES', 'UNIT POLLS/S'],
          rows: fleet.units.flatMap((u) =>
            u.pollers.map((p) => [
              u.unit,
              p.pollerId,
              p.live ? 'yes' : 'no',
              p.ownedClusters,
              p.watchedClusters,
              p.failures,
              u.pollsPerSecond,
            ]),
          ),
        }));
      }),
    );
  program
    .command('app-instances')
    .description("applications as they run: all, one app's, or one instance with its components")
    .argument('[appId]')
    .argument('[cluster]')
    .argument('[namespace]')
    .option('--stage <stage>', 'the stage (an instance deployed with one is found only with it)')
    .option('--status <status>')
    .addOption(outputOption())
    .action(
      action(
        ctx,
        async (appId: string | undefined, cluster: string | undefined, namespace: string | undefined, o: Record<string, string>) => {
          const sensor = ServiceClient.of('sensor', io);
          const format = o['output'] as OutputFormat;
          if (namespace) {
            const path = [appId!, cluster!, namespace].map(encodeURIComponent).join('/');
            const stage = o['stage'] ? `?${new URLSearchParams({ stage: o['stage'] })}` : '';
            const one = await sensor.json<AppInstance>(`/v1/app-instances/${path}${stage}`);
            printData(io, format, one, () => ({ head: ['COMPONENT', 'STATUS'], rows: Object.entries(one.components) }));
            return;
          }
          if (cluster) throw new UsageError('app-instances takes an appId, or an appId, cluster and namespace');
          const filters = { appId, cluster: undefined, stage: o['stage'], status: o['status'], limit: '500' };
          const query = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => !!e[1]));
          const page = await sensor.json<{ items: AppInstance[] }>(`/v1/app-instances?${query}`);
          printData(io, format, page.items, () => ({
            head: ['APP', 'STAGE', 'CLUSTER', 'NAMESPACE', 'STATUS', 'COMPONENTS', 'UPDATED'],
            rows: page.items.map((i) => [
              i.appId,
              i.stage,
              i.cluster,
              i.namespace,
              i.status,
              Object.keys(i.components).length,
              i.updatedAt,
            ]),
          }));
        },
      ),
    );
}
