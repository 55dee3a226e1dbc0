import type { Command } from 'commander';
import { UsageError, type CliIo } from '../../cli/cli-io.js';
import { action, type CommandContext } from '../../cli/command-context.js';
import { outputOption, printData, type OutputFormat } from '../../cli/output.js';
import { followDeployment } from '../application/follow-deployment.js';
import { DeployClient, type Operation } from '../outbound/deploy.client.js';
import { parseDuration, readObjectFile } from '../../cli/input.js';
import { exitCodeOfState, timeoutOption } from './deployment.commands.js';
import { liveView } from './live-view.js';

interface Waiting {
  output: OutputFormat;
  wait?: boolean;
  timeout: string;
}

/** suspend, resume, retry, terminate, replay a deployment; delete an application's instance on a stage. */
export function registerOperationCommands(program: Command, ctx: CommandContext): void {
  const { io } = ctx;
  const operation = (name: Operation, description: string) =>
    program
      .command(name)
      .description(description)
      .argument('<deployment>', 'the deployment id')
      .option('--wait', 'then follow the deployment until it is final')
      .addOption(timeoutOption())
      .addOption(outputOption());
  operation('suspend', 'hold a running deployment: no new step starts until it is resumed').action(
    action(ctx, (id: string, o: Waiting) => operate(io, id, 'suspend', {}, o)),
  );
  operation('resume', 'resume a suspended deployment')
    .option('--context <json>', "merged into the workflow's context (a JSON object)")
    .action(action(ctx, (id: string, o: Waiting & { context?: string }) => operate(io, id, 'resume', contextBody(o.context), o)));
  operation('retry', 'retry a deployment from its failed step; -f replaces the application with a fixed one')
    .option('-f, --file <app.yaml>', 'the fixed application')
    .action(
      action(ctx, async (id: string, o: Waiting & { file?: string }) =>
        operate(io, id, 'retry', o.file ? { configuration: await readObjectFile(io, o.file) } : {}, o),
      ),
    );
  operation('terminate', 'stop a deployment for good')
    .option('--reason <text>', 'why, kept as its reason')
    .action(
      action(ctx, (id: string, o: Waiting & { reason?: string }) => operate(io, id, 'terminate', o.reason ? { reason: o.reason } : {}, o)),
    );
  program
    .command('replay')
    .description('a new deployment from the stored configuration and target of this one')
    .argument('<deployment>', 'the deployment id')
    .option('--wait', 'then follow the new deployment until it is final')
    .addOption(timeoutOption())
    .addOption(outputOption())
    .action(
      action(ctx, async (id: string, o: Waiting) => {
        const replayed = await new DeployClient(io).replay(id);
        io.err(`deployment ${replayed.id} replays ${replayed.replayOf}`);
        return finish(io, replayed.id, replayed, o);
      }),
    );
  program
    .command('delete')
    .description("undeploy an application's instance on a stage (each component destroyed in reverse dependency order)")
    .argument('<appId>')
    .requiredOption('--stage <stage>', 'the stage to remove it from')
    .option('--cluster <cluster>', 'only what went to this cluster')
    .option('--namespace <namespace>', 'only what went to this namespace')
    .option('--wait', 'then follow the undeploy until it is final')
    .addOption(timeoutOption())
    .addOption(outputOption())
    .action(
      action(ctx, async (appId: string, o: Waiting & { stage: string; cluster?: string; namespace?: string }) => {
        const undeploy = await new DeployClient(io).undeploy(appId, o.stage, { cluster: o.cluster, namespace: o.namespace });
        io.err(`undeploy ${undeploy.id} of ${appId} from stage ${o.stage} recorded`);
        return finish(io, undeploy.id, undeploy, o);
      }),
    );
}

async function operate(io: CliIo, id: string, operation: Operation, body: Record<string, unknown>, o: Waiting): Promise<number> {
  const answer = await new DeployClient(io).operate(id, operation, body);
  io.err(`${operation} of deployment ${id} accepted (it was ${answer.state})`);
  return finish(io, id, answer, o);
}

/** Prints what the service answered, or with --wait follows the deployment and answers its exit code. */
async function finish(io: CliIo, id: string, answer: object, o: Waiting): Promise<number> {
  const timeoutMs = parseDuration(o.timeout);
  if (!o.wait) {
    const entries = Object.entries(answer) as [string, unknown][];
    printData(io, o.output, answer, () => ({ head: entries.map(([k]) => k.toUpperCase()), rows: [entries.map(([, v]) => String(v))] }));
    return 0;
  }
  const view = liveView({ ...io, stdoutIsTty: false }, io.err);
  const client = new DeployClient(io);
  const final = await followDeployment(client, id, { timeoutMs, onGraph: (g) => view.show(g) });
  const result = { id, state: final.state, reason: final.reason };
  printData(io, o.output, result, () => ({ head: ['ID', 'STATE', 'REASON'], rows: [[id, final.state, final.reason]] }));
  return exitCodeOfState(final.state);
}

function contextBody(json: string | undefined): Record<string, unknown> {
  if (json === undefined) return {};
  let context: unknown;
  try {
    context = JSON.parse(json);
  } catch (error) {
    throw new UsageError(`--context is not JSON: ${(error as Error).message}`);
  }
  if (!context || typeof context !== 'object' || Array.isArray(context)) throw new UsageError('--context must be a JSON object');
  return { context };
}
