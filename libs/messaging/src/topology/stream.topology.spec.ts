import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JetStreamApiError, type JetStreamManager, type StreamConfig, type StreamInfo } from '@nats-io/jetstream';
import { ensureStreams } from './stream.topology.js';

const spec = { name: 'PROBE', subjects: ['probe.>'], description: 'test-only stream' };
const apiError = (errCode: number, description: string) => new JetStreamApiError({ code: 400, err_code: errCode, description });

/** A JetStreamManager on which another replica creates the stream between our info and our add. */
function raceLostWith(addError: JetStreamApiError, otherReplicaCreated = true) {
  const created: Partial<StreamConfig>[] = [];
  const updated: string[] = [];
  let infoCalls = 0;
  const jsm = {
    streams: {
      info: async () => {
        infoCalls += 1;
        if (infoCalls === 1 || !otherReplicaCreated) throw apiError(10059, 'stream not found');
        return { config: { ...spec } } as unknown as StreamInfo;
      },
      add: async (config: Partial<StreamConfig>) => {
        created.push(config);
        throw addError;
      },
      update: async (name: string) => {
        updated.push(name);
        return { config: { ...spec } } as unknown as StreamInfo;
      },
    },
  } as unknown as JetStreamManager;
  return { jsm, created, updated };
}

describe(ensureStreams.name, () => {
  for (const [code, description] of [
    [10058, 'stream name already in use with a different configuration'],
    [10065, 'subjects overlap with an existing stream'],
  ] as const) {
    it(`turns a lost creation race ("${description}") into an update of the stream the other replica made`, async () => {
      const { jsm, created, updated } = raceLostWith(apiError(code, description));
      await ensureStreams(jsm, { streams: [spec] });
      assert.equal(created.length, 1);
      assert.deepEqual(updated, ['PROBE']);
    });
  }

  it('fails when the subjects overlap a stream of another name', async () => {
    const { jsm, updated } = raceLostWith(apiError(10065, 'subjects overlap with an existing stream'), false);
    await assert.rejects(ensureStreams(jsm, { streams: [spec] }), /subjects overlap with an existing stream/);
    assert.deepEqual(updated, []);
  });
});
