import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideUpload } from './upload-decision.js';
import { pickVersion } from './version-resolution.js';

describe(decideUpload.name, () => {
  it('creates a new version, ignores the same content, and refuses other content unless forced', () => {
    assert.equal(decideUpload(undefined, 'a', false), 'create');
    assert.equal(decideUpload({ sha256: 'a' }, 'a', false), 'unchanged');
    assert.equal(decideUpload({ sha256: 'a' }, 'b', false), 'conflict');
    assert.equal(decideUpload({ sha256: 'a' }, 'b', true), 'replace');
  });
});

describe(pickVersion.name, () => {
  it('picks the highest version in the range and skips pre-releases unless asked', () => {
    const versions = ['1.0.0', '1.4.2', '2.0.0', '1.5.0-rc.1'];
    assert.equal(pickVersion(versions, '^1'), '1.4.2');
    assert.equal(pickVersion(versions, '*'), '2.0.0');
    assert.equal(pickVersion(versions, '1.0.0'), '1.0.0');
    assert.equal(pickVersion(versions, '^3'), undefined);
  });
});
