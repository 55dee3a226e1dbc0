import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export interface PrivateDockerRegistry {
  /** e.g. http://127.0.0.1:40123 */
  readonly url: string;
  /** `127.0.0.1:<port>`: the registry part of an image name */
  readonly host: string;
  /** The `Docker-Content-Digest` the registry answers for an OCI (or Docker v2) manifest. */
  manifestDigest(repository: string, tag: string): Promise<string>;
  stop(): Promise<void>;
}

const registryBinary = process.env['DOCKER_REGISTRY_BIN'] ?? 'docker-registry';
const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');

/**
 * Starts a private OCI registry (Debian's `docker-registry`, the CNCF distribution registry:2)
 * over plain HTTP on a free port with its storage in a temp dir, so builders push somewhere real.
 */
export async function startDockerRegistry(): Promise<PrivateDockerRegistry> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'am-registry-'));
  const host = `127.0.0.1:${port}`;
  const url = `http://${host}`;
  const config = join(dir, 'config.yml');
  await writeFile(
    config,
    [
      'version: 0.1',
      'log: { level: warn }',
      `storage: { filesystem: { rootdirectory: ${join(dir, 'data')} }, delete: { enabled: true } }`,
      `http: { addr: "${host}" }`,
      '',
    ].join('\n'),
  );
  const child = spawn(registryBinary, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    await Promise.race([waitForRegistry(url), exited(child)]);
  } catch (error) {
    await kill(child);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  child.removeAllListeners('exit');
  return {
    url,
    host,
    async manifestDigest(repository, tag) {
      const response = await fetch(`${url}/v2/${repository}/manifests/${encodeURIComponent(tag)}`, {
        method: 'HEAD',
        headers: { Accept: MANIFEST_TYPES },
      });
      const digest = response.headers.get('docker-content-digest');
      if (!response.ok || !digest) throw new Error(`no manifest ${repository}:${tag} in ${host} (HTTP ${response.status})`);
      return digest;
    },
    async stop() {
      await kill(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function exited(child: ChildProcess): Promise<never> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  return new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(new Error(`cannot start ${registryBinary}: ${error.message}`)));
    child.once('exit', (code) => reject(new Error(`${registryBinary} exited with ${code}: ${stderr.trim()}`)));
  });
}

async function waitForRegistry(url: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const response = await fetch(`${url}/v2/`);
      if (response.ok) return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`docker-registry at ${url} not ready: ${String(error)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await gone;
}
