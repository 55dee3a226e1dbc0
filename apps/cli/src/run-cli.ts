import { PluginPackageError } from '@appmanager/plugin-package';
import { isPluginError } from '@appmanager/plugin-runtime';
import { rotateKeyCommand, ROTATE_KEY_USAGE } from './admin/inbound/rotate-key.command.js';
import { NotLoggedInError } from './auth/credentials.js';
import { loginCommand, LOGIN_USAGE, logoutCommand, LOGOUT_USAGE } from './auth/inbound/login.command.js';
import { tokenCreateCommand, tokenListCommand, tokenRevokeCommand, TOKEN_USAGE } from './auth/inbound/token.command.js';
import { authTokenCommand, AUTH_TOKEN_USAGE, whoamiCommand, WHOAMI_USAGE } from './auth/inbound/whoami.command.js';
import { kustomizeRenderCommand, KUSTOMIZE_USAGE } from './kustomize/inbound/kustomize-render.command.js';
import { listCommand, LIST_USAGE } from './plugins/inbound/list.command.js';
import { packCommand, PACK_USAGE } from './plugins/inbound/pack.command.js';
import { pushCommand, PUSH_USAGE } from './plugins/inbound/push.command.js';
import { runCommand, RUN_USAGE } from './plugins/inbound/run.command.js';
import { UsageError, type CliIo } from './cli/cli-io.js';

const COMMANDS: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  'plugin pack': packCommand,
  'plugin push': pushCommand,
  'plugin list': listCommand,
  'plugin run': runCommand,
  'kustomize render': kustomizeRenderCommand,
  'admin rotate-key': rotateKeyCommand,
  login: loginCommand,
  logout: logoutCommand,
  whoami: whoamiCommand,
  'auth token': authTokenCommand,
  'token create': tokenCreateCommand,
  'token list': tokenListCommand,
  'token revoke': tokenRevokeCommand,
};

const USAGE = [
  'usage:',
  ...[
    LOGIN_USAGE,
    LOGOUT_USAGE,
    WHOAMI_USAGE,
    AUTH_TOKEN_USAGE,
    TOKEN_USAGE,
    PACK_USAGE,
    PUSH_USAGE,
    LIST_USAGE,
    RUN_USAGE,
    KUSTOMIZE_USAGE,
    ROTATE_KEY_USAGE,
  ].map((u) => `  ${u}`),
  '  the registry defaults to $AMCTL_REGISTRY or http://127.0.0.1:3004, deploy to $AMCTL_DEPLOY or http://127.0.0.1:3002',
  '  the issuer to $AMCTL_ISSUER or http://127.0.0.1:3010; $AMCTL_TOKEN (an API token) is sent instead of the login',
].join('\n');

/** Runs one amctl invocation and returns its exit code: 0 done, 1 failed, 2 bad usage, 3 not logged in. Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const words = COMMANDS[argv.slice(0, 2).join(' ')] ? 2 : 1;
  const command = COMMANDS[argv.slice(0, words).join(' ')];
  if (!command) {
    io.err(argv.length === 0 || argv[0] === '--help' ? USAGE : `unknown command "${argv.slice(0, 2).join(' ')}"\n${USAGE}`);
    return 2;
  }
  try {
    return await command(argv.slice(words), io);
  } catch (error) {
    if (error instanceof NotLoggedInError) {
      io.err(error.message);
      return 3;
    }
    if (error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(error as Error).message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof PluginPackageError) {
      io.err(`invalid plug-in package (${error.code}):`);
      for (const p of error.problems) io.err(`  ${p.path ? `${p.path}: ` : ''}${p.message}`);
      return 1;
    }
    if (isPluginError(error)) {
      io.err(error.message);
      if (error.pluginMessage) io.err(`  plug-in said: ${error.pluginErrorName ?? 'Error'}: ${error.pluginMessage}`);
      return 1;
    }
    const code = (error as NodeJS.ErrnoException).code;
    io.err(code === 'ENOENT' ? `no such file or directory: ${(error as NodeJS.ErrnoException).path}` : (error as Error).message);
    return 1;
  }
}
