import type { Command } from 'commander';
import { action, type CommandContext } from '../../cli/command-context.js';
import { outputOption, type OutputFormat } from '../../cli/output.js';
import { loginCommand, logoutCommand, type LoginOptions } from './login.command.js';
import { tokenCreateCommand, tokenListCommand, tokenRevokeCommand, type TokenCreateOptions } from './token.command.js';
import { authTokenCommand, whoamiCommand } from './whoami.command.js';

const urlFlag = ['--url <service url>', 'the service to ask (any answers alike; default deploy)'] as const;

/** login, logout, whoami, auth token, token create|list|revoke. */
export function registerAuthCommands(program: Command, ctx: CommandContext): void {
  const { io } = ctx;
  program
    .command('login')
    .description('log in at the issuer: a password for scripts, else the device flow (confirm a code in a browser)')
    .option('--issuer <url>', 'the OIDC issuer (default $AMCTL_ISSUER, the last one, or http://127.0.0.1:3010)')
    .option('--username <name>')
    .option('--password-stdin', 'read the password from standard input (preferred)')
    .option('--password <password>')
    .action(action(ctx, (o: LoginOptions) => loginCommand(o, io)));
  program
    .command('logout')
    .description('forget the stored login')
    .action(action(ctx, () => logoutCommand(io)));
  program
    .command('whoami')
    .description('who the services take you for: subject, how they proved it, roles')
    .option(...urlFlag)
    .addOption(outputOption())
    .action(action(ctx, (o: { url?: string; output: OutputFormat }) => whoamiCommand(o, io)));
  program
    .command('auth')
    .description('the credential amctl sends')
    .command('token')
    .description('print the current access token, for curl -H "Authorization: Bearer ..."')
    .action(action(ctx, () => authTokenCommand(io)));
  const token = program.command('token').description('API tokens for CI and other systems (admin)');
  token
    .command('create')
    .description('issue an API token; it is printed once')
    .requiredOption('--name <name>')
    .requiredOption('--role <role...>', 'roles it carries (repeatable)')
    .option('--project <project...>', 'projects the roles apply to (repeatable)')
    .option('--days <n>', 'days until it expires (default 90)')
    .option(...urlFlag)
    .action(action(ctx, (o: TokenCreateOptions) => tokenCreateCommand(o, io)));
  token
    .command('list')
    .description('the API tokens, revoked ones included')
    .option(...urlFlag)
    .addOption(outputOption())
    .action(action(ctx, (o: { url?: string; output: OutputFormat }) => tokenListCommand(o, io)));
  token
    .command('revoke')
    .description('revoke an API token at once')
    .argument('<id>')
    .option(...urlFlag)
    .action(action(ctx, (id: string, o: { url?: string }) => tokenRevokeCommand(id, o, io)));
}
