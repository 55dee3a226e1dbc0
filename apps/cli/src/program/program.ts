import { Command } from 'commander';
import { registerAddonCommands } from '../addons/inbound/addon.commands.js';
import { registerAdminCommands } from '../admin/inbound/rotate-key.command.js';
import { registerAuthCommands } from '../auth/inbound/auth.commands.js';
import { registerDeploymentCommands } from '../deployments/inbound/deployment.commands.js';
import { registerOperationCommands } from '../deployments/inbound/operation.commands.js';
import { registerEnvironmentCommands } from '../environments/inbound/environment.commands.js';
import { registerFleetCommands } from '../fleet/inbound/fleet.commands.js';
import { registerKustomizeCommands } from '../kustomize/inbound/kustomize-render.command.js';
import { registerPackageCommands } from '../packages/inbound/package.commands.js';
import { registerPluginCommands } from '../plugins/inbound/plugin.commands.js';
import { SERVICES, type ServiceName } from '../cli/cli-io.js';
import { type CommandContext } from '../cli/command-context.js';
import { registerCompletionCommand } from '../cli/completion.command.js';

const EXIT_CODES = `
Exit codes: 0 success, 1 error, 2 bad usage or input, 3 not authenticated, 4 the deployment failed or was terminated,
5 a service cannot be reached. Data goes to stdout, messages and progress to stderr; no colour or redraw unless
stdout is a terminal and NO_COLOR is unset. $AMCTL_TOKEN (an API token) is sent instead of the stored login.`;

/** amctl's command tree; global service flags become the AMCTL_* variables the commands read. */
export function createProgram(ctx: CommandContext, env: Record<string, string | undefined>, argv: string[]): Command {
  const program = new Command('amctl')
    .description('The command line of AppManager: deploy, watch, build and operate applications across clusters.')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.io.out(text.replace(/\n$/, '')),
      writeErr: (text) => ctx.io.err(text.replace(/\n$/, '')),
      outputError: (text, write) =>
        write(/unknown command/.test(text) ? `unknown command "${argv.slice(0, 2).join(' ')}" (amctl --help lists them)\n` : text),
    });
  for (const [name, service] of Object.entries(SERVICES)) {
    program.option(`--${name} <url>`, `the ${name} service (default $${service.env} or ${service.url})`);
  }
  program.hook('preAction', () => {
    const flags = program.opts<Partial<Record<ServiceName, string>>>();
    for (const name of Object.keys(SERVICES) as ServiceName[]) if (flags[name]) env[SERVICES[name].env] = flags[name];
  });
  registerDeploymentCommands(program, ctx);
  registerOperationCommands(program, ctx);
  registerEnvironmentCommands(program, ctx);
  registerFleetCommands(program, ctx);
  registerPackageCommands(program, ctx);
  registerAddonCommands(program, ctx);
  registerPluginCommands(program, ctx);
  registerKustomizeCommands(program, ctx);
  registerAdminCommands(program, ctx);
  registerAuthCommands(program, ctx);
  registerCompletionCommand(program, ctx);
  program.addHelpText('after', EXIT_CODES);
  return program;
}
