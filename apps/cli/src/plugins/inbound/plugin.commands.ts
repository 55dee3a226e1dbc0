import { Option, type Command } from 'commander';
import { action, type CommandContext } from '../../cli/command-context.js';
import { listCommand } from './list.command.js';
import { packCommand } from './pack.command.js';
import { pushCommand } from './push.command.js';
import { runCommand, type RunOptions } from './run.command.js';

/** `plugin pack|push|list|run`: plug-in packages, made locally and kept by the registry (`--registry` or $AMCTL_REGISTRY). */
export function registerPluginCommands(program: Command, ctx: CommandContext): void {
  const { io } = ctx;
  const plugin = program.command('plugin').description('plug-in packages: pack, push to the registry, list, run one locally');
  plugin
    .command('pack')
    .description('pack a plug-in directory into <name>-<version>.tgz; prints name, version, checksum, definitions')
    .argument('<dir>', 'the plug-in directory (manifest.json and its scripts)')
    .option('-o, --out <file.tgz>', 'where to write the archive')
    .action(action(ctx, (dir: string, o: { out?: string }) => packCommand(dir, o, io)));
  plugin
    .command('push')
    .description('upload a packed plug-in to the registry (checked locally first)')
    .argument('<archive.tgz>')
    .option('--force', 'replace the same version')
    .action(action(ctx, (file: string, o: { force?: boolean }) => pushCommand(file, o, io)));
  plugin
    .command('list')
    .description('the plug-in versions in the registry')
    .action(action(ctx, () => listCommand(io)));
  plugin
    .command('run')
    .description('call one definition once in the QuickJS sandbox against an in-memory cluster; prints the result as JSON')
    .argument('<dir|archive.tgz>')
    .requiredOption('--kind <Kind>', 'Component, Trait, Policy, WorkflowStep ...')
    .requiredOption('--type <type>', 'the definition type')
    .requiredOption('--fn <function>', 'the function to call, e.g. render')
    .addOption(new Option('--input <file.json>', 'the input as a JSON file').conflicts('inputJson'))
    .option('--input-json <json>', 'the input as JSON')
    .option('--namespace <ns>', 'the target namespace', 'dry-run')
    .action(action(ctx, (target: string, o: RunOptions) => runCommand(target, o, io)));
}
