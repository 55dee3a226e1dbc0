import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { ImageBuildError, LineTail, type BuildLog } from '../application/image-builder.js';

/** Thrown when the caller's signal stopped a build; the child process group is already gone. */
export class BuildAbortedError extends Error {
  override readonly name = 'BuildAbortedError';
  constructor(step: string, reason: unknown) {
    super(`build aborted during ${step}: ${reason instanceof Error ? reason.message : String(reason ?? 'aborted')}`);
  }
}

/**
 * Runs a command in a process group of its own, passing each stdout/stderr line to `log` as it
 * comes. A non-zero exit rejects with an ImageBuildError naming `step`; `signal` kills the whole
 * group (a build tool forks helpers) and rejects once every pipe is closed.
 */
export function runStreamed(
  step: string,
  command: string,
  args: string[],
  log: BuildLog,
  signal: AbortSignal,
  env?: NodeJS.ProcessEnv,
): Promise<void> {
  if (signal.aborted) return Promise.reject(new BuildAbortedError(step, signal.reason));
  const tail = new LineTail();
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
  const follow = (stream: Readable) =>
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      tail.push(line);
      log.line(line);
    });
  follow(child.stdout);
  follow(child.stderr);
  const killGroup = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group is already gone
    }
  };
  signal.addEventListener('abort', killGroup, { once: true });
  return new Promise<void>((resolve, reject) => {
    child.once('error', (error) => reject(new ImageBuildError(`${step}: cannot run ${command}: ${error.message}`, tail.last)));
    child.once('close', (code, killedBy) => {
      signal.removeEventListener('abort', killGroup);
      if (signal.aborted) return reject(new BuildAbortedError(step, signal.reason));
      if (code === 0) return resolve();
      const how = code === null ? `killed by ${String(killedBy)}` : `exited with code ${code}`;
      reject(new ImageBuildError(`${step} failed: ${command} ${how}`, tail.last));
    });
  });
}
