import type { Command } from 'commander';
import { ServiceClient } from '../../auth/service.client.js';
import { action, type CommandContext } from '../../cli/command-context.js';
import { outputOption, printData, type OutputFormat } from '../../cli/output.js';

interface AddonInstance {
  id: string;
  name: string;
  cluster: string;
  namespace: string;
  stage: string;
  addonType: string;
  addonName: string;
  state: string;
  reason?: string;
}

const columns = (i: AddonInstance) => [i.id, i.addonType, i.addonName, i.cluster, i.namespace, i.stage, i.state, i.reason];
const head = ['ID', 'TYPE', 'NAME', 'CLUSTER', 'NAMESPACE', 'STAGE', 'STATE', 'REASON'];

/** Add-on instances on the addon service: list them, release one nothing claims any more. */
export function registerAddonCommands(program: Command, ctx: CommandContext): void {
  const { io } = ctx;
  const addon = program.command('addon').description('add-on instances (databases, queues ... that components use)');
  addon
    .command('list')
    .description('add-on instances, optionally by place, type or state')
    .option('--cluster <cluster>')
    .option('--namespace <namespace>')
    .option('--type <addonType>')
    .option('--state <state>')
    .addOption(outputOption())
    .action(
      action(ctx, async (o: { cluster?: string; namespace?: string; type?: string; state?: string; output: OutputFormat }) => {
        const filters = { cluster: o.cluster, namespace: o.namespace, addonType: o.type, state: o.state, limit: '500' };
        const query = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => !!e[1]));
        const page = await ServiceClient.of('addon', io).json<{ items: AddonInstance[] }>(`/v1/addon-instances?${query}`);
        printData(io, o.output, page.items, () => ({ head, rows: page.items.map(columns) }));
      }),
    );
  addon
    .command('release')
    .description('release an add-on instance (refused while a deployment claims it)')
    .argument('<id>')
    .addOption(outputOption())
    .action(
      action(ctx, async (id: string, o: { output: OutputFormat }) => {
        const released = await ServiceClient.of('addon', io).send<AddonInstance>(
          'POST',
          `/v1/addon-instances/${encodeURIComponent(id)}:release`,
        );
        io.err(`add-on instance ${id} ${released.state}`);
        printData(io, o.output, released, () => ({ head, rows: [columns(released)] }));
      }),
    );
}
