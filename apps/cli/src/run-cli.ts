import { CommanderError } from 'commander';
import { PluginPackageError } from '@appmanager/plugin-package';
import { isPluginError } from '@appmanager/plugin-runtime';
import { NotLoggedInError, ServiceUnreachableError } from './auth/credentials.js';
import { ServiceError } from './auth/service.client.js';
import { UsageError, type CliIo } from './cli/cli-io.js';
import { ExitCode } from './cli/exit-codes.js';
import { createProgram } from './program/program.js';

/** Runs one amctl invocation and returns its exit code (cli/exit-codes.ts). Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const env = { ...io.env };
  let code: number = ExitCode.ok;
  const ctx = { io: { ...io, env }, setExitCode: (c: number) => void (code = c) };
  try {
    await createProgram(ctx, env, argv).parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    return exitCodeOf(error, ctx.io);
  }
}

function exitCodeOf(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // commander has written the help or the message already
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? ExitCode.ok : ExitCode.usage;
  }
  if (error instanceof NotLoggedInError) {
    io.err(error.message);
    return ExitCode.notAuthenticated;
  }
  if (error instanceof ServiceUnreachableError) {
    io.err(error.message);
    return ExitCode.unreachable;
  }
  if (error instanceof ServiceError) {
    io.err(error.message);
    return error.status === 400 || error.status === 422 ? ExitCode.usage : ExitCode.error;
  }
  if (error instanceof UsageError) {
    io.err(`${(error as Error).message}\n(amctl <command> --help shows its usage)`);
    return ExitCode.usage;
  }
  if (error instanceof PluginPackageError) {
    io.err(`invalid plug-in package (${error.code}):`);
    for (const p of error.problems) io.err(`  ${p.path ? `${p.path}: ` : ''}${p.message}`);
    return ExitCode.error;
  }
  if (isPluginError(error)) {
    io.err(error.message);
    if (error.pluginMessage) io.err(`  plug-in said: ${error.pluginErrorName ?? 'Error'}: ${error.pluginMessage}`);
    return ExitCode.error;
  }
  const code = (error as NodeJS.ErrnoException).code;
  io.err(code === 'ENOENT' ? `no such file or directory: ${(error as NodeJS.ErrnoException).path}` : (error as Error).message);
  return ExitCode.error;
}
