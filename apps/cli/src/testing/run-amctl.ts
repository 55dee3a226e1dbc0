import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled CLI, run as a user runs it. */
export const AMCTL = fileURLToPath(new URL('../main.js', import.meta.url));

export interface AmctlRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A config home no login was ever stored in: amctl in a test never sees the developer's own credentials. */
const emptyConfigHome = join(tmpdir(), `amctl-no-login-${process.pid}`);

/** amctl as a process; `input` is its standard input (`--password-stdin`). */
export function runAmctl(args: string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}): Promise<AmctlRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [AMCTL, ...args],
      { cwd: options.cwd, env: { ...process.env, XDG_CONFIG_HOME: emptyConfigHome, ...options.env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}

/** A small plug-in directory: one Component whose render echoes its image. */
export async function aPluginDir(version = '1.0.0', script = RENDER_SCRIPT): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'amctl-'));
  const manifest = {
    name: 'echo.appmanager.io',
    version,
    description: 'test plug-in',
    definitions: [
      {
        kind: 'Component',
        type: 'echo',
        script: 'dist/echo.js',
        installRoles: ['admin'],
        capabilities: { log: true },
        propertiesSchema: { type: 'object', required: ['image'], properties: { image: { type: 'string' } } },
      },
    ],
  };
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  await mkdir(dirname(join(dir, 'dist/echo.js')), { recursive: true });
  await writeFile(join(dir, 'dist/echo.js'), script);
  return dir;
}

const RENDER_SCRIPT = `exports.render = function (input) {
  return { resources: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: input.component.name }, data: { image: input.properties.image } }] };
};
`;

/** amctl running in the background: its stdout lines so far, and its end. */
export interface AmctlProcess {
  lines(): string[];
  exited: Promise<AmctlRun>;
}

/** amctl as a process whose stdout is a pipe (not a terminal), read line by line as it prints. */
export function startAmctl(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): AmctlProcess {
  const child = spawn(process.execPath, [AMCTL, ...args], {
    cwd: options.cwd,
    env: { ...process.env, XDG_CONFIG_HOME: emptyConfigHome, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill(), 120_000);
  const exited = new Promise<AmctlRun>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    }),
  );
  return { lines: () => stdout.split('\n').filter(Boolean), exited };
}
