import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { childSpan, currentTrace, formatTraceparent, newTrace, parseTraceparent, runInTrace } from './trace-context.js';

const sample = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('W3C traceparent', () => {
  it('reads the example of the specification and writes it back unchanged', () => {
    const parsed = parseTraceparent(sample);
    assert.deepEqual(parsed, { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', sampled: true });
    assert.equal(formatTraceparent(parsed!), sample);
  });

  it('ignores what the specification says to ignore: all-zero ids, version ff, extra fields in version 00, junk', () => {
    for (const bad of [
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      `${sample}-extra`,
      'not a traceparent',
      undefined,
    ])
      assert.equal(parseTraceparent(bad), undefined, String(bad));
    assert.ok(parseTraceparent(`01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-future`), 'a later version may add fields');
  });

  it('continues a trace with a new span id, or starts one when there is none', () => {
    const parent = parseTraceparent(sample)!;
    const child = childSpan(parent);
    assert.equal(child.traceId, parent.traceId);
    assert.notEqual(child.spanId, parent.spanId);
    assert.match(formatTraceparent(childSpan(undefined)), /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const root = newTrace();
    assert.equal(
      runInTrace(root, () => currentTrace()),
      root,
    );
    assert.equal(currentTrace(), undefined);
  });
});
