import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildResult, ImageBuildError, parseImageName } from './image-builder.js';

describe('image names', () => {
  it('splits repository and tag, a registry port being no tag', () => {
    assert.deepEqual(parseImageName('127.0.0.1:5000/demo/web:1.0.0'), { repository: '127.0.0.1:5000/demo/web', tag: '1.0.0' });
    assert.deepEqual(parseImageName('127.0.0.1:5000/demo/web'), { repository: '127.0.0.1:5000/demo/web', tag: 'latest' });
    assert.throws(() => parseImageName(`r/x@sha256:${'a'.repeat(64)}`), /by tag, not digest/);
  });

  it('pins the pushed image by its digest', () => {
    const digest = `sha256:${'c'.repeat(64)}`;
    assert.equal(buildResult('r.example/demo/web:2', digest, Date.now()).pinned, `r.example/demo/web@${digest}`);
  });

  it('puts the reason and the last lines of output in the error message', () => {
    const error = new ImageBuildError('bud failed: buildah exited with code 125', ['STEP 2/2: COPY x /x', 'no such file']);
    assert.equal(error.message, 'bud failed: buildah exited with code 125\nSTEP 2/2: COPY x /x\nno such file');
  });
});
