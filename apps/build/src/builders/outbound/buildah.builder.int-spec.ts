import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createBareGitRepository, startDockerRegistry, type BareGitRepository, type PrivateDockerRegistry } from '@appmanager/testing';
import { ImageBuildError } from '../application/image-builder.js';
import { buildahAvailable, BuildahImageBuilder } from './buildah.builder.js';
import { fetchGitContext } from './build-context.js';

const CONTAINERFILE = 'FROM scratch\nARG VERSION\nCOPY hello.txt /hello.txt\nLABEL org.opencontainers.image.version=$VERSION\n';

/** Buildah processes whose command line names this test's image store. */
function buildahChildren(root: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes('buildah') && l.includes(root));
}

describe(BuildahImageBuilder.name, { skip: !(await buildahAvailable()) && 'buildah is not installed' }, () => {
  let registry: PrivateDockerRegistry;
  let repo: BareGitRepository;
  let work: string;
  let builder: BuildahImageBuilder;
  let root: string;

  before(async () => {
    [registry, repo, work] = await Promise.all([
      startDockerRegistry(),
      createBareGitRepository({ 'svc/Containerfile': CONTAINERFILE, 'svc/hello.txt': 'hello\n' }, { tag: 'v1.2.3' }),
      mkdtemp(join(tmpdir(), 'am-buildah-spec-')),
    ]);
    root = join(work, 'storage');
    builder = new BuildahImageBuilder({ root, runroot: join(work, 'run') });
  });
  after(async () => {
    await registry.stop();
    await repo.remove();
    await rm(work, { recursive: true, force: true });
  });

  it('builds a tagged git context and pushes it; the digest is the one the registry serves', async () => {
    const lines: string[] = [];
    const log = { line: (text: string) => void lines.push(text) };
    const { contextDir, commit } = await fetchGitContext({ repo: repo.url, tag: 'v1.2.3', repoPath: 'svc' }, join(work, 'git'), log);
    const image = `${registry.host}/demo/hello:1`;
    const result = await builder.build(
      {
        contextDir,
        containerfile: 'Containerfile',
        buildArgs: { VERSION: '1.2.3' },
        image,
        extraTags: ['latest'],
        insecureRegistry: true,
        labels: { 'org.opencontainers.image.revision': commit },
      },
      log,
      AbortSignal.timeout(240_000),
    );
    assert.equal(result.digest, await registry.manifestDigest('demo/hello', '1'));
    assert.equal(await registry.manifestDigest('demo/hello', 'latest'), result.digest);
    assert.equal(result.pinned, `${registry.host}/demo/hello@${result.digest}`);
    assert.deepEqual([result.repository, result.tag], [`${registry.host}/demo/hello`, '1']);
    assert.ok(
      lines.some((l) => /^STEP 1\/\d+: FROM scratch/.test(l)),
      lines.join('\n'),
    );
    assert.ok(lines.some((l) => l.includes('LABEL org.opencontainers.image.version')));
  });

  it('runs concurrent builds side by side, each with its own digest', async () => {
    const contexts = await Promise.all(
      ['a', 'b'].map(async (name) => {
        const ctx = join(work, `concurrent-${name}`);
        await mkdir(ctx, { recursive: true });
        await writeFile(join(ctx, 'Containerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n');
        await writeFile(join(ctx, 'hello.txt'), `hello ${name}\n`);
        return { name, ctx };
      }),
    );
    const results = await Promise.all(
      contexts.map(({ name, ctx }) =>
        builder.build(
          {
            contextDir: ctx,
            containerfile: 'Containerfile',
            buildArgs: {},
            image: `${registry.host}/demo/${name}:1`,
            insecureRegistry: true,
          },
          { line: () => undefined },
          AbortSignal.timeout(240_000),
        ),
      ),
    );
    assert.notEqual(results[0]!.digest, results[1]!.digest);
    assert.equal(results[0]!.digest, await registry.manifestDigest('demo/a', '1'));
    assert.equal(results[1]!.digest, await registry.manifestDigest('demo/b', '1'));
  });

  it('fails a broken Containerfile naming bud and the cause', async () => {
    const ctx = join(work, 'broken');
    await rm(ctx, { recursive: true, force: true });
    await mkdir(ctx);
    await writeFile(join(ctx, 'Containerfile'), 'FROM scratch\nCOPY missing.txt /missing.txt\n');
    const request = {
      contextDir: ctx,
      containerfile: 'Containerfile',
      buildArgs: {},
      image: `${registry.host}/demo/broken:1`,
      insecureRegistry: true,
    };
    await assert.rejects(builder.build(request, { line: () => undefined }, new AbortController().signal), (error: unknown) => {
      assert.ok(error instanceof ImageBuildError);
      assert.match(error.reason, /^bud failed: buildah exited with code \d+/);
      assert.ok(
        error.lastLines.some((l) => l.includes('missing.txt')),
        error.lastLines.join('\n'),
      );
      return true;
    });
  });

  it('stops on abort and leaves no buildah process behind', async () => {
    const ctx = join(work, 'big');
    await mkdir(ctx, { recursive: true });
    await writeFile(join(ctx, 'Containerfile'), 'FROM scratch\nCOPY blob /blob\n');
    await writeFile(join(ctx, 'blob'), Buffer.alloc(64 * 1024 * 1024, 7));
    const controller = new AbortController();
    const request = {
      contextDir: ctx,
      containerfile: 'Containerfile',
      buildArgs: {},
      image: `${registry.host}/demo/big:1`,
      insecureRegistry: true,
    };
    const started = builder.build(
      request,
      { line: (l) => l.startsWith('STEP 2/2') && controller.abort(new Error('cancelled by user')) },
      controller.signal,
    );
    await assert.rejects(started, /build aborted during bud: cancelled by user/);
    assert.deepEqual(buildahChildren(root), []);
  });
});
