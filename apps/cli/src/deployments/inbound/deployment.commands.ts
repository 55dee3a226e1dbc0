import { Option, type Command } from 'commander';
import { ServiceClient } from '../../auth/service.client.js';
import { UsageError, type CliIo } from '../../cli/cli-io.js';
import { action, type CommandContext } from '../../cli/command-context.js';
import { ExitCode } from '../../cli/exit-codes.js';
import { outputOption, printData, type OutputFormat } from '../../cli/output.js';
import { followDeployment } from '../application/follow-deployment.js';
import { flattenSteps, type DeploymentGraph } from '../domain/deployment-graph.js';
import { planTree } from '../domain/graph-tree.js';
import { DeployClient } from '../outbound/deploy.client.js';
import { parseDuration, readObjectFile } from '../../cli/input.js';
import { appIdOf } from './application-file.js';
import { liveView, printTree } from './live-view.js';
import { streamBuildLog } from './build-log.js';

interface Output {
  output: OutputFormat;
}

/** 0 for SUCCESS, 4 for FAILURE or TERMINATED, 0 for anything still going (a look, not a wait). */
export const exitCodeOfState = (state: string): number =>
  state === 'FAILURE' || state === 'TERMINATED' ? ExitCode.deploymentFailed : ExitCode.ok;

export const timeoutOption = (): Option => new Option('--timeout <duration>', 'how long --wait waits (90s, 10m, 1h)').default('10m');

/** apply, plan, status, history, logs: launching a deployment and watching it. */
export function registerDeploymentCommands(program: Command, ctx: CommandContext): void {
  const { io } = ctx;
  program
    .command('apply')
    .description('deploy an application (POST /v1/deployments); --wait follows it and exits 0 on SUCCESS, 4 on FAILURE or TERMINATED')
    .requiredOption('-f, --file <app.yaml>', 'the application (YAML or JSON; - for stdin)')
    .option('--app <id>', 'the application id (default: metadata.name)')
    .option('--wait', 'follow the deployment until it is final')
    .addOption(timeoutOption())
    .addOption(outputOption())
    .action(action(ctx, (o: Output & { file: string; app?: string; wait?: boolean; timeout: string }) => apply(io, o)));
  program
    .command('plan')
    .description('the DAG the application would run, by level, with its critical path (POST /v1/deployments:plan); deploys nothing')
    .requiredOption('-f, --file <app.yaml>', 'the application (YAML or JSON; - for stdin)')
    .addOption(outputOption())
    .action(
      action(ctx, async (o: Output & { file: string }) => {
        const plan = await new DeployClient(io).plan(await readObjectFile(io, o.file));
        if (o.output === 'table') io.out(planTree(plan).join('\n'));
        else printData(io, o.output, plan, () => ({ head: [], rows: [] }));
      }),
    );
  program
    .command('status')
    .description(
      'a deployment as a tree of steps and DAG nodes; -w redraws it live until it is final (exit 0 SUCCESS, 4 FAILURE/TERMINATED)',
    )
    .argument('<deployment>', 'the deployment id')
    .option('-w, --watch', 'follow it: redrawn in place on a terminal, one line per change otherwise')
    .option('--interval <ms>', 'how often -w asks for the graph', '500')
    .addOption(outputOption())
    .action(action(ctx, (id: string, o: Output & { watch?: boolean; interval: string }) => status(io, id, o)));
  program
    .command('history')
    .description("an application's deployments, newest first")
    .argument('<appId>')
    .option('--state <state>', 'only deployments in this state')
    .addOption(outputOption())
    .action(
      action(ctx, async (appId: string, o: Output & { state?: string }) => {
        const page = await new DeployClient(io).history(appId, o.state);
        printData(io, o.output, page.items, () => ({
          head: ['ID', 'STATE', 'CREATED', 'FINISHED', 'TARGET', 'REASON'],
          rows: page.items.map((d) => [d.id, d.state, d.createdAt, d.finishedAt, Object.values(d.target).join('/'), d.reason]),
        }));
      }),
    );
  program
    .command('logs')
    .description("a deployment's reasons: each step and node that said why, and its transitions; --build streams a build log")
    .argument('[deployment]', 'the deployment id')
    .option('--build <componentTaskId>', 'stream the log of a component package task from build (server-sent events)')
    .action(
      action(ctx, async (id: string | undefined, o: { build?: string }) => {
        if (o.build) return streamBuildLog(io, ServiceClient.of('build', io), o.build);
        if (!id) throw new UsageError('logs needs a deployment id or --build <task id>');
        printReasons(io, await new DeployClient(io).graph(id));
      }),
    );
}

async function apply(io: CliIo, o: Output & { file: string; app?: string; wait?: boolean; timeout: string }): Promise<number> {
  const timeoutMs = parseDuration(o.timeout);
  const application = await readObjectFile(io, o.file);
  const appId = appIdOf(application, o.app);
  const client = new DeployClient(io);
  const accepted = await client.launch(appId, application);
  io.err(`deployment ${accepted.id} of ${appId} ${accepted.created ? 'launched' : 'already launched with this key'}`);
  if (!o.wait) {
    printData(io, o.output, { ...accepted, appId }, () => ({ head: ['ID', 'APP', 'STATE'], rows: [[accepted.id, appId, accepted.state]] }));
    io.err(`follow it: amctl status ${accepted.id} -w`);
    return ExitCode.ok;
  }
  const view = liveView({ ...io, stdoutIsTty: false }, io.err);
  const final = await followDeployment(client, accepted.id, { timeoutMs, onGraph: (g) => view.show(g) });
  view.close();
  const result = { id: final.deploymentId, appId, state: final.state, reason: final.reason };
  printData(io, o.output, result, () => ({
    head: ['ID', 'APP', 'STATE', 'REASON'],
    rows: [[result.id, appId, result.state, result.reason]],
  }));
  return exitCodeOfState(final.state);
}

async function status(io: CliIo, id: string, o: Output & { watch?: boolean; interval: string }): Promise<number> {
  const client = new DeployClient(io);
  if (!o.watch) {
    const graph = await client.graph(id);
    if (o.output === 'table') printTree(io, graph);
    else printData(io, o.output, graph, () => ({ head: [], rows: [] }));
    return exitCodeOfState(graph.state);
  }
  await client.get(id); // a deployment that does not exist fails here, not after the wait
  const intervalMs = Math.max(100, Number(o.interval) || 500);
  const asData = o.output !== 'table';
  const view = asData ? undefined : liveView(io);
  const final = await followDeployment(client, id, {
    intervalMs,
    timeoutMs: Number.MAX_SAFE_INTEGER,
    onGraph: (graph) => view?.show(graph),
  });
  view?.close();
  if (asData) printData(io, o.output, final, () => ({ head: [], rows: [] }));
  return exitCodeOfState(final.state);
}

function printReasons(io: CliIo, graph: DeploymentGraph): void {
  io.out(`deployment ${graph.deploymentId} ${graph.state}${graph.reason ? `: ${graph.reason}` : ''}`);
  for (const step of flattenSteps(graph.workflow?.steps ?? [])) {
    if (step.reason) io.out(`step ${step.path} ${step.state}: ${step.reason}`);
  }
  for (const node of graph.nodes) if (node.reason) io.out(`node ${node.id} ${node.state}: ${node.reason}`);
  for (const h of graph.history) io.out(`${h.at}  ${h.subject}  ${h.from} → ${h.to}${h.reason ? `  ${h.reason}` : ''}`);
}
