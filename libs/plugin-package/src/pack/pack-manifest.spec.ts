import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aManifest, DEMO_SCRIPT } from '../testing/package-builders.js';
import { packManifest } from './pack-manifest.js';
import { unpackPlugin } from './unpack-plugin.js';

describe(packManifest.name, () => {
  it('packs a manifest and its scripts from memory into an archive that unpacks to them', async () => {
    const packed = await packManifest(aManifest(), () => DEMO_SCRIPT);
    const unpacked = await unpackPlugin(packed.archive);
    assert.deepEqual(unpacked.manifest, aManifest());
    assert.equal(unpacked.checksum, packed.checksum);
    assert.equal(unpacked.scriptOf(unpacked.manifest.definitions[0]!), DEMO_SCRIPT);
  });

  it('goes through the same checks as a packed directory', async () => {
    await assert.rejects(
      packManifest(aManifest({ version: 'not-semver' }), () => DEMO_SCRIPT),
      /version/,
    );
  });
});
