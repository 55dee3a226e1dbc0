import type { CliIo } from './cli-io.js';

/** What every command's action gets: where to write, and where its exit code goes. */
export interface CommandContext {
  io: CliIo;
  setExitCode(code: number): void;
}

/** A commander action that returns its exit code (none: 0); what it throws becomes one in runCli. */
export function action<A extends unknown[]>(
  ctx: CommandContext,
  run: (...args: A) => Promise<number | void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => ctx.setExitCode((await run(...args)) ?? 0);
}
