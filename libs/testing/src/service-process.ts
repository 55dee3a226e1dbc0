import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { eventually } from './await-message.js';
import { testAuthEnv } from './test-auth.js';

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** Its recent output, for a failure message. */
  output(): string;
  /** SIGTERM, then waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Runs a built service (`apps/<name>/dist/main.js`) as a process of its own, on 127.0.0.1:`port`, and waits for its
 * /readyz; a service that exits or never gets ready fails naming `name`, with its last output. It accepts the
 * test's admin token (`adminRequest`) unless `env` sets AUTH_BOOTSTRAP_TOKEN itself.
 */
export async function startServiceProcess(options: {
  name: string;
  main: string;
  port: number;
  env: NodeJS.ProcessEnv;
  nodeOptions?: string[];
  /** Also copy its stderr to ours (a benchmark's debugging switch). */
  echoStderr?: boolean;
}): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [...(options.nodeOptions ?? []), options.main], {
    env: { ...testAuthEnv(), ...options.env, HTTP_HOST: '127.0.0.1', HTTP_PORT: String(options.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-50_000));
  if (options.echoStderr) child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
  try {
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`${options.name} exited with ${child.exitCode}`);
      return (await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200 ? true : undefined;
    }, 60_000);
  } catch (error) {
    await stop();
    throw new Error(`${options.name} did not become ready: ${(error as Error).message}\n${output}`);
  }
  return { url, child, output: () => output, stop };
}
