import { execFile } from 'node:child_process';

export interface Renderer {
  command: string;
  args: (dir: string) => string[];
}

/** `kubectl kustomize` first (kubectl ships kustomize), then a standalone `kustomize build`. */
export const RENDERERS: readonly Renderer[] = [
  { command: 'kubectl', args: (dir) => ['kustomize', dir] },
  { command: 'kustomize', args: (dir) => ['build', dir] },
];

/** Runs the first renderer found on PATH; its stderr becomes the error when the kustomization is wrong. */
export async function renderKustomization(dir: string, renderers: readonly Renderer[] = RENDERERS): Promise<string> {
  for (const renderer of renderers) {
    const result = await run(renderer.command, renderer.args(dir));
    if (result.missing) continue;
    if (result.code !== 0)
      throw new Error(
        `${renderer.command} ${renderer.args(dir).join(' ')} failed: ${result.stderr.trim().split('\n').slice(-3).join(' ')}`,
      );
    return result.stdout;
  }
  throw new Error(`rendering a kustomization needs ${RENDERERS.map((r) => r.command).join(' or ')} on PATH; neither was found`);
}

function run(command: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string; missing: boolean }> {
  return new Promise((resolve) => {
    execFile(command, args, { maxBuffer: 20 * 1024 * 1024, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = (error as NodeJS.ErrnoException | null)?.code;
      resolve({ code: error ? (typeof code === 'number' ? code : 1) : 0, stdout, stderr, missing: code === 'ENOENT' });
    });
  });
}
