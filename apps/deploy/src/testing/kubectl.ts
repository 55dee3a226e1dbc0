import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Runs the real `kubectl` against one virtual cluster of cluster-sim and parses its `-o json` answer. */
export async function kubectlJson<T = Record<string, unknown>>(
  sim: { kubeconfig(name: string): string },
  cluster: string,
  args: string[],
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-kubectl-'));
  try {
    writeFileSync(join(dir, 'kubeconfig'), sim.kubeconfig(cluster));
    const { stdout } = await promisify(execFile)(
      'kubectl',
      ['--kubeconfig', join(dir, 'kubeconfig'), '--cache-dir', join(dir, 'cache'), ...args, '-o', 'json'],
      { timeout: 60_000 },
    );
    return JSON.parse(stdout) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
