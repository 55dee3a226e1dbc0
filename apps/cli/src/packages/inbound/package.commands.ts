import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { ServiceClient } from '../../auth/service.client.js';
import type { CliIo } from '../../cli/cli-io.js';
import { action, type CommandContext } from '../../cli/command-context.js';
import { ExitCode } from '../../cli/exit-codes.js';
import { outputOption, printData, type OutputFormat } from '../../cli/output.js';
import { parseDuration } from '../../cli/input.js';

interface AppPackage {
  id: string;
  appId: string;
  version: string;
  md5: string;
  source: string;
  tags: string[];
  createdAt: string;
}

interface PackageTask {
  id: string;
  appId: string;
  version: string;
  state: string;
  reason: string | null;
  appPackageId: string | null;
  progress?: Record<string, number>;
}

/** App packages on the build service: build one (following its task), import and export zips, list them. */
export function registerPackageCommands(program: Command, ctx: CommandContext): void {
  const { io } = ctx;
  const pkg = program.command('package').description("an application's packages on the build service");
  pkg
    .command('build')
    .description('build an app package from the build configurations and follow the task (exit 4 on FAILURE)')
    .argument('<appId>')
    .option('--version <version>', 'the package version (default: the next one)')
    .option('--tag <tag...>', 'tags for the package')
    .option('--no-wait', 'print the task and return')
    .option('--timeout <duration>', 'how long to follow the task', '30m')
    .addOption(outputOption())
    .action(action(ctx, (appId: string, o: BuildOptions) => build(io, appId, o)));
  pkg
    .command('import')
    .description('import an app package zip (meta.yaml + component zips)')
    .argument('<appId>')
    .requiredOption('-f, --file <zip>', 'the app package zip')
    .option('--package-version <version>', 'store it as this version')
    .addOption(outputOption())
    .action(
      action(ctx, async (appId: string, o: { file: string; packageVersion?: string; output: OutputFormat }) => {
        const query = o.packageVersion ? `?${new URLSearchParams({ packageVersion: o.packageVersion, resetVersion: 'true' })}` : '';
        const imported = await ServiceClient.of('build', io).json<AppPackage & { outcome: string }>(
          `/v1/apps/${encodeURIComponent(appId)}/app-packages:import${query}`,
          { method: 'POST', headers: { 'content-type': 'application/zip' }, body: await readFile(resolve(io.cwd, o.file)) },
        );
        io.err(`app package ${imported.id} ${imported.outcome}`);
        printPackages(io, o.output, imported, [imported]);
      }),
    );
  pkg
    .command('export')
    .description('download an app package zip')
    .argument('<appPackageId>')
    .requiredOption('-o, --out <file>', 'where to write the zip')
    .action(
      action(ctx, async (id: string, o: { out: string }) => {
        const response = await ServiceClient.of('build', io).fetch(`/v1/app-packages/${encodeURIComponent(id)}/download`);
        const bytes = Buffer.from(await response.arrayBuffer());
        await writeFile(resolve(io.cwd, o.out), bytes);
        io.err(`wrote ${o.out} (${bytes.length} bytes, md5 ${response.headers.get('x-md5') ?? '?'})`);
      }),
    );
  pkg
    .command('list')
    .description("an application's app packages, newest first")
    .argument('<appId>')
    .addOption(outputOption())
    .action(
      action(ctx, async (appId: string, o: { output: OutputFormat }) => {
        const page = await ServiceClient.of('build', io).json<{ items: AppPackage[] }>(
          `/v1/apps/${encodeURIComponent(appId)}/app-packages?limit=500`,
        );
        printPackages(io, o.output, page.items, page.items);
      }),
    );
}

type BuildOptions = { version?: string; tag?: string[]; wait: boolean; timeout: string; output: OutputFormat };

async function build(io: CliIo, appId: string, o: BuildOptions): Promise<number> {
  const deadline = Date.now() + parseDuration(o.timeout);
  const service = ServiceClient.of('build', io);
  let task = await service.send<PackageTask>('POST', `/v1/apps/${encodeURIComponent(appId)}/app-package-tasks`, {
    ...(o.version ? { version: o.version } : {}),
    tags: o.tag ?? [],
  });
  io.err(`app package task ${task.id} of ${appId} ${task.state}`);
  let last = task.state;
  while (o.wait && !['SUCCESS', 'FAILURE'].includes(task.state)) {
    if (Date.now() >= deadline) throw new Error(`app package task ${task.id} is still ${task.state} after ${o.timeout}`);
    await sleep(1000);
    task = await service.json<PackageTask>(`/v1/app-package-tasks/${task.id}`);
    if (task.state !== last) io.err(`app package task ${task.id} ${task.state}${task.reason ? `: ${task.reason}` : ''}`);
    last = task.state;
  }
  printData(io, o.output, task, () => ({
    head: ['TASK', 'APP', 'VERSION', 'STATE', 'PACKAGE', 'REASON'],
    rows: [[task.id, task.appId, task.version, task.state, task.appPackageId, task.reason]],
  }));
  return task.state === 'FAILURE' ? ExitCode.deploymentFailed : ExitCode.ok;
}

function printPackages(io: CliIo, format: OutputFormat, data: unknown, packages: AppPackage[]): void {
  printData(io, format, data, () => ({
    head: ['ID', 'APP', 'VERSION', 'SOURCE', 'TAGS', 'MD5', 'CREATED'],
    rows: packages.map((p) => [p.id, p.appId, p.version, p.source, p.tags.join(','), p.md5, p.createdAt]),
  }));
}
