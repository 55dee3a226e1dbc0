import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, mkdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import type { BuildLog } from '../application/image-builder.js';
import { type GitContext, type GitContextSource, gitEnv, insideCheckout, redactUrl } from './build-context.js';

/**
 * Build contexts from a mirror of each repository kept on this replica: cloned once, fetched before each build,
 * the wanted commit exported (`git archive`, no `.git`) into the build's folder. A repository built again and
 * again (the usual case) costs a fetch of what changed instead of a clone. One fetch per repository at a time.
 */
export class GitMirrorCache {
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly dir: string) {}

  async fetch(source: GitContextSource, into: string, log: BuildLog): Promise<GitContext> {
    const refs = [source.branch, source.tag, source.commit].filter((r) => r !== undefined);
    if (refs.length > 1) throw new Error('give one of branch, tag or commit, not several');
    const shown = redactUrl(source.repo);
    const mirror = join(this.dir, createHash('sha256').update(source.repo).digest('hex').slice(0, 32));
    const commit = await this.serially(mirror, async () => {
      const git = await this.updated(source.repo, mirror, shown, log);
      return this.resolve(git, source, shown);
    });
    await mkdir(into, { recursive: true });
    const checkout = await realpath(into);
    const contextDir = insideCheckout(checkout, source.repoPath ?? '.');
    await exportCommit(mirror, commit, checkout);
    log.line(`checked out ${commit}`);
    const real = await realpath(contextDir).catch(() => {
      throw new Error(`repoPath ${source.repoPath ?? '.'} does not exist in ${shown}`);
    });
    insideCheckout(checkout, relative(checkout, real));
    if (!(await stat(real)).isDirectory()) throw new Error(`repoPath ${source.repoPath ?? '.'} is not a directory`);
    return { contextDir: real, commit };
  }

  /** The mirror, cloned when missing (into a temp name, so a crash never leaves half a mirror), else fetched. */
  private async updated(repo: string, mirror: string, shown: string, log: BuildLog): Promise<SimpleGit> {
    const git = (baseDir: string) =>
      simpleGit({ baseDir, allowEnvironment: ['GIT_TERMINAL_PROMPT'] }).env({ ...gitEnv(), GIT_TERMINAL_PROMPT: '0' });
    try {
      if (await exists(mirror)) {
        log.line(`fetching ${shown} into this replica's mirror`);
        await git(mirror).fetch(['--prune', '--quiet', 'origin']);
      } else {
        log.line(`cloning ${shown} (a mirror kept for the next builds)`);
        await mkdir(this.dir, { recursive: true });
        const partial = `${mirror}.partial-${process.pid}`;
        await rm(partial, { recursive: true, force: true });
        await git(this.dir).clone(repo, partial, ['--mirror', '--quiet']);
        await rename(partial, mirror);
      }
    } catch (error) {
      throw new Error(`git fetch of ${shown} failed: ${redactUrl(error instanceof Error ? error.message : String(error))}`);
    }
    return git(mirror);
  }

  private async resolve(git: SimpleGit, source: GitContextSource, shown: string): Promise<string> {
    const ref = source.commit ?? (source.tag ? `refs/tags/${source.tag}` : source.branch ? `refs/heads/${source.branch}` : 'HEAD');
    try {
      return (await git.revparse([`${ref}^{commit}`])).trim();
    } catch {
      throw new Error(
        `${shown} has no ${source.commit ? `commit ${source.commit}` : source.tag ? `tag ${source.tag}` : `branch ${source.branch ?? 'HEAD'}`}`,
      );
    }
  }

  private serially<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.locks.set(key, next);
    void next.finally(() => this.locks.get(key) === next && this.locks.delete(key)).catch(() => undefined);
    return next;
  }
}

/** `git archive <commit> | tar -x -C <into>`: the files of the commit, without `.git`. */
function exportCommit(mirror: string, commit: string, into: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const archive = spawn('git', ['--git-dir', mirror, 'archive', '--format=tar', commit], {
      env: gitEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const extract = spawn('tar', ['-x', '-C', into], { stdio: ['pipe', 'ignore', 'pipe'] });
    let errors = '';
    archive.stderr.on('data', (c: Buffer) => (errors += c.toString()));
    extract.stderr.on('data', (c: Buffer) => (errors += c.toString()));
    archive.stdout.pipe(extract.stdin);
    let pending = 2;
    const done = (code: number | null) => {
      if (code !== 0) reject(new Error(`exporting commit ${commit} failed: ${errors.trim() || `exit ${code}`}`));
      else if (--pending === 0) resolvePromise();
    };
    archive.on('close', done);
    extract.on('close', done);
    archive.on('error', reject);
    extract.on('error', reject);
  });
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
