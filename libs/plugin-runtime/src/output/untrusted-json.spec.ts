import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UntrustedJsonError, nestingDepth, parseUntrustedJson } from './untrusted-json.js';

const limits = { maxBytes: 1024, maxDepth: 8 };

describe(parseUntrustedJson.name, () => {
  it('parses ordinary JSON unchanged', () => {
    assert.deepEqual(parseUntrustedJson('{"a":[1,{"b":"c"}],"prototypeName":"x"}', limits), { a: [1, { b: 'c' }], prototypeName: 'x' });
  });

  it('refuses __proto__ keys, also when written with unicode escapes', () => {
    assert.throws(() => parseUntrustedJson('{"a":{"__proto__":{"polluted":1}}}', limits), /__proto__/);
    assert.throws(() => parseUntrustedJson('{"\\u005f_proto__":{"polluted":1}}', limits), /__proto__/);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('refuses a constructor.prototype path but allows a plain "constructor" field', () => {
    assert.throws(() => parseUntrustedJson('{"constructor":{"prototype":{"x":1}}}', limits), /constructor\.prototype/);
    assert.deepEqual(parseUntrustedJson('{"constructor":"Jane","prototype":1}', limits), { constructor: 'Jane', prototype: 1 });
  });

  it('refuses output that is too large or nested too deeply, before parsing it', () => {
    assert.throws(() => parseUntrustedJson(`"${'x'.repeat(2000)}"`, limits), /larger than 1024 bytes/);
    assert.throws(() => parseUntrustedJson('['.repeat(9) + ']'.repeat(9), limits), /deeper than 8/);
    assert.throws(() => parseUntrustedJson('{"a":', limits), UntrustedJsonError);
  });

  it('does not count brackets inside strings as nesting', () => {
    assert.equal(nestingDepth('{"a":"[[[[\\"{{{{","b":[1]}'), 2);
  });
});
