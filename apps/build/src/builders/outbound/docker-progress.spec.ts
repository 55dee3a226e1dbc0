import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { ImageBuildError, LineTail } from '../application/image-builder.js';
import { followDockerProgress } from './docker-progress.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const ndjson = (...messages: object[]) => Readable.from(messages.map((m) => `${JSON.stringify(m)}\r\n`));

describe(followDockerProgress.name, () => {
  it('logs build output line by line', async () => {
    const lines: string[] = [];
    const stream = ndjson(
      { stream: 'Step 1/2 : FROM scratch\n' },
      { stream: ' ---> \n' },
      { stream: 'Step 2/2 : COPY a /a\nok\n' },
      { aux: { ID: 'sha256:1' } },
    );
    assert.deepEqual(await followDockerProgress('build', stream, (l) => lines.push(l), new LineTail()), {});
    assert.deepEqual(lines, ['Step 1/2 : FROM scratch', ' --->', 'Step 2/2 : COPY a /a', 'ok']);
  });

  it('takes the pushed digest from aux.Digest and leaves progress bars out of the log', async () => {
    const lines: string[] = [];
    const stream = ndjson(
      { status: 'The push refers to repository [r.example/demo/web]' },
      { status: 'Pushing', id: 'abc', progress: '[==>   ] 1MB/3MB', progressDetail: { current: 1 } },
      { status: 'Pushed', id: 'abc' },
      { status: `1.0.0: digest: ${DIGEST} size: 528` },
      { progressDetail: {}, aux: { Tag: '1.0.0', Digest: DIGEST, Size: 528 } },
    );
    assert.deepEqual(await followDockerProgress('push', stream, (l) => lines.push(l), new LineTail()), { digest: DIGEST });
    assert.deepEqual(lines, ['The push refers to repository [r.example/demo/web]', 'abc: Pushed', `1.0.0: digest: ${DIGEST} size: 528`]);
  });

  it('fails on an error message naming the step and keeping the last lines', async () => {
    const stream = ndjson(
      { stream: 'Step 1/1 : COPY missing /x\n' },
      { error: 'COPY failed', errorDetail: { message: 'COPY failed: file not found' } },
    );
    await assert.rejects(
      followDockerProgress('build', stream, () => undefined, new LineTail()),
      (error: unknown) => {
        assert.ok(error instanceof ImageBuildError);
        assert.equal(error.reason, 'build failed: COPY failed: file not found');
        assert.deepEqual(error.lastLines, ['Step 1/1 : COPY missing /x', 'COPY failed: file not found']);
        return true;
      },
    );
  });
});
