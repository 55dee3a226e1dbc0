import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

export interface BareGitRepository {
  /** `file://` URL of the bare repository */
  readonly url: string;
  /** sha of the one commit holding the files */
  readonly commit: string;
  readonly dir: string;
  remove(): Promise<void>;
}

const run = promisify(execFile);

/**
 * A bare git repository (git CLI) with one commit of `files` (path → content) on `branch`
 * (default `main`), tagged `tag` when given: a build context source for tests.
 */
export async function createBareGitRepository(
  files: Record<string, string>,
  options: { branch?: string; tag?: string } = {},
): Promise<BareGitRepository> {
  const dir = await mkdtemp(join(tmpdir(), 'am-git-'));
  const work = join(dir, 'work');
  const bare = join(dir, 'repo.git');
  const branch = options.branch ?? 'main';
  const git = async (cwd: string, ...args: string[]) => (await run('git', args, { cwd })).stdout.trim();
  await mkdir(work);
  await git(work, 'init', '-q', '-b', branch);
  await git(work, 'config', 'user.name', 'AppManager Tests');
  await git(work, 'config', 'user.email', 'tests@appmanager.invalid');
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(work, path)), { recursive: true });
    await writeFile(join(work, path), content);
  }
  await git(work, 'add', '-A');
  await git(work, 'commit', '-q', '-m', 'test fixture');
  if (options.tag) await git(work, 'tag', options.tag);
  const commit = await git(work, 'rev-parse', 'HEAD');
  await git(dir, 'clone', '-q', '--bare', work, bare);
  await rm(work, { recursive: true, force: true });
  return { url: `file://${bare}`, commit, dir: bare, remove: () => rm(dir, { recursive: true, force: true }) };
}
