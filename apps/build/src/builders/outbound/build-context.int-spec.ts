import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createBareGitRepository, type BareGitRepository } from '@appmanager/testing';
import { fetchGitContext } from './build-context.js';

describe('fetchGitContext', () => {
  let repo: BareGitRepository;
  let work: string;
  const lines: string[] = [];
  const log = { line: (text: string) => void lines.push(text) };
  let n = 0;
  const into = () => join(work, `checkout-${n++}`);

  before(async () => {
    repo = await createBareGitRepository(
      { 'svc/Containerfile': 'FROM scratch\n', 'README.md': 'v1' },
      { branch: 'release', tag: 'v1.0.0' },
    );
    work = await mkdtemp(join(tmpdir(), 'am-git-ctx-'));
  });
  after(async () => {
    await repo.remove();
    await rm(work, { recursive: true, force: true });
  });

  it('checks out a branch shallowly and returns repoPath inside it with the commit', async () => {
    const ctx = await fetchGitContext({ repo: repo.url, branch: 'release', repoPath: 'svc' }, into(), log);
    assert.equal(ctx.commit, repo.commit);
    assert.equal(await readFile(join(ctx.contextDir, 'Containerfile'), 'utf8'), 'FROM scratch\n');
  });

  it('checks out a tag and a commit', async () => {
    const byTag = await fetchGitContext({ repo: repo.url, tag: 'v1.0.0' }, into(), log);
    const byCommit = await fetchGitContext({ repo: repo.url, commit: repo.commit }, into(), log);
    assert.equal(byTag.commit, repo.commit);
    assert.equal(byCommit.commit, repo.commit);
    assert.equal(await readFile(join(byCommit.contextDir, 'README.md'), 'utf8'), 'v1');
  });

  it('refuses a repoPath leading out of the checkout', async () => {
    await assert.rejects(
      fetchGitContext({ repo: repo.url, branch: 'release', repoPath: '../..' }, into(), log),
      /leads out of the checkout/,
    );
  });

  it('never logs credentials embedded in the repository URL', async () => {
    const url = 'https://bot:s3cret@127.0.0.1:1/r.git';
    await assert.rejects(fetchGitContext({ repo: url, branch: 'main' }, into(), log), (error: Error) => !error.message.includes('s3cret'));
    assert.ok(lines.every((l) => !l.includes('s3cret')));
    assert.ok(lines.some((l) => l.includes('https://***@127.0.0.1:1/r.git')));
  });
});
