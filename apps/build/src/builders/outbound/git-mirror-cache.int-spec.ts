import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createBareGitRepository, type BareGitRepository } from '@appmanager/testing';
import { GitMirrorCache } from './git-mirror-cache.js';

const git = async (cwd: string, ...args: string[]) => (await promisify(execFile)('git', args, { cwd })).stdout.trim();

describe(GitMirrorCache.name, () => {
  let repo: BareGitRepository;
  let work: string;
  let cache: GitMirrorCache;
  const lines: string[] = [];
  const log = { line: (text: string) => void lines.push(text) };
  let n = 0;
  const into = () => join(work, `ctx-${n++}`);

  before(async () => {
    repo = await createBareGitRepository({ 'svc/Containerfile': 'FROM scratch\n', 'README.md': 'v1' }, { tag: 'v1' });
    work = await mkdtemp(join(tmpdir(), 'am-mirror-'));
    cache = new GitMirrorCache(join(work, 'mirrors'));
  });

  after(async () => {
    await repo.remove();
    await rm(work, { recursive: true, force: true });
  });

  it('clones a mirror once, then fetches: a commit pushed since is what the branch gives next', async () => {
    const first = await cache.fetch({ repo: repo.url, branch: 'main', repoPath: 'svc' }, into(), log);
    assert.equal(first.commit, repo.commit);
    assert.equal(await readFile(join(first.contextDir, 'Containerfile'), 'utf8'), 'FROM scratch\n');
    assert.ok(!existsSync(join(first.contextDir, '..', '.git')), 'the files of the commit, no .git');
    // someone pushes a second commit
    const clone = join(work, 'pusher');
    await git(work, 'clone', '-q', repo.url, clone);
    await writeFile(join(clone, 'README.md'), 'v2');
    await git(clone, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', 'v2');
    await git(clone, 'push', '-q', 'origin', 'main');
    const second = await cache.fetch({ repo: repo.url, branch: 'main' }, into(), log);
    assert.notEqual(second.commit, repo.commit);
    assert.equal(await readFile(join(second.contextDir, 'README.md'), 'utf8'), 'v2');
    assert.equal(lines.filter((l) => l.startsWith('cloning')).length, 1, 'cloned once');
    assert.ok(lines.some((l) => l.startsWith('fetching')));
    // the tag and the first commit are still there
    const byTag = await cache.fetch({ repo: repo.url, tag: 'v1' }, into(), log);
    const byCommit = await cache.fetch({ repo: repo.url, commit: repo.commit }, into(), log);
    assert.equal(byTag.commit, repo.commit);
    assert.equal(await readFile(join(byCommit.contextDir, 'README.md'), 'utf8'), 'v1');
  });

  it('serves concurrent builds of one repository, and names a branch that is not there', async () => {
    const both = await Promise.all([1, 2, 3].map(() => cache.fetch({ repo: repo.url, branch: 'main' }, into(), log)));
    assert.equal(new Set(both.map((c) => c.commit)).size, 1);
    await assert.rejects(cache.fetch({ repo: repo.url, branch: 'nope' }, into(), log), /has no branch nope/);
    await assert.rejects(cache.fetch({ repo: repo.url, branch: 'main', repoPath: '../..' }, into(), log), /leads out of the checkout/);
  });
});
