import type { Command } from 'commander';
import { rotateKeyCommand, ROTATE_KEY_USAGE } from '../admin/inbound/rotate-key.command.js';
import { loginCommand, LOGIN_USAGE, logoutCommand, LOGOUT_USAGE } from '../auth/inbound/login.command.js';
import { tokenCreateCommand, tokenListCommand, tokenRevokeCommand, TOKEN_USAGE } from '../auth/inbound/token.command.js';
import { authTokenCommand, AUTH_TOKEN_USAGE, whoamiCommand, WHOAMI_USAGE } from '../auth/inbound/whoami.command.js';
import { kustomizeRenderCommand, KUSTOMIZE_USAGE } from '../kustomize/inbound/kustomize-render.command.js';
import { listCommand, LIST_USAGE } from '../plugins/inbound/list.command.js';
import { packCommand, PACK_USAGE } from '../plugins/inbound/pack.command.js';
import { pushCommand, PUSH_USAGE } from '../plugins/inbound/push.command.js';
import { runCommand, RUN_USAGE } from '../plugins/inbound/run.command.js';
import type { CliIo } from '../cli/cli-io.js';
import { action, type CommandContext } from '../cli/command-context.js';

type ArgsCommand = (args: string[], io: CliIo) => Promise<number>;

/**
 * The commands that read their own arguments with node:util parseArgs (plug-ins, kustomize, login and tokens,
 * admin): commander routes to them and shows their usage in help; they keep parsing the rest themselves.
 */
export function registerArgsCommands(program: Command, ctx: CommandContext): void {
  const plugin = program.command('plugin').description('plug-in packages: pack, push to the registry, list, run one locally');
  add(plugin, 'pack', 'pack a plug-in directory into <name>-<version>.tgz', PACK_USAGE, packCommand, ctx);
  add(plugin, 'push', 'upload a packed plug-in to the registry', PUSH_USAGE, pushCommand, ctx);
  add(plugin, 'list', 'list the plug-in versions in the registry', LIST_USAGE, listCommand, ctx);
  add(plugin, 'run', 'call one definition once in the QuickJS sandbox against a fake cluster', RUN_USAGE, runCommand, ctx);
  const kustomize = program.command('kustomize').description('the pre-render step of the kustomize component type');
  add(kustomize, 'render', 'render a kustomization into a kustomize component', KUSTOMIZE_USAGE, kustomizeRenderCommand, ctx);
  const admin = program.command('admin').description('platform administration');
  add(admin, 'rotate-key', "re-seal a service's secrets at rest with its current key", ROTATE_KEY_USAGE, rotateKeyCommand, ctx);
  add(program, 'login', 'log in at the issuer (password or device flow)', LOGIN_USAGE, loginCommand, ctx);
  add(program, 'logout', 'forget the stored login', LOGOUT_USAGE, logoutCommand, ctx);
  add(program, 'whoami', 'who the services take you for', WHOAMI_USAGE, whoamiCommand, ctx);
  const auth = program.command('auth').description('the credential amctl sends');
  add(auth, 'token', 'print the current access token', AUTH_TOKEN_USAGE, authTokenCommand, ctx);
  const token = program.command('token').description('API tokens for CI and other systems (admin)');
  const [create, list, revoke] = TOKEN_USAGE.split('\n').map((line) => line.trim());
  add(token, 'create', 'issue an API token (printed once)', create!, tokenCreateCommand, ctx);
  add(token, 'list', 'list API tokens', list!, tokenListCommand, ctx);
  add(token, 'revoke', 'revoke an API token', revoke!, tokenRevokeCommand, ctx);
}

function add(parent: Command, name: string, description: string, usage: string, run: ArgsCommand, ctx: CommandContext): void {
  const path = `amctl ${parent.parent ? `${parent.name()} ` : ''}${name}`;
  parent
    .command(name)
    .description(description)
    .usage(usage.startsWith(path) ? usage.slice(path.length).trim() : usage)
    .argument('[args...]')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(action(ctx, (args: string[]) => run(args, ctx.io)));
}
