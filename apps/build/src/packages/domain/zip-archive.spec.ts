import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unsafeEntryName } from './zip-archive.js';

describe(unsafeEntryName.name, () => {
  it('names why an entry could be unpacked outside its directory', () => {
    const table: [string, RegExp][] = [
      ['../evil', /climbs out of the archive with "\.\."/],
      ['a/../../evil', /climbs out/],
      ['/etc/passwd', /is an absolute path/],
      ['C:/Windows/evil', /is an absolute path/],
      ['a\\..\\evil', /contains a backslash/],
      ['meta.yaml\0.png', /contains a NUL byte/],
      ['', /empty name/],
    ];
    for (const [name, reason] of table) assert.match(unsafeEntryName(name) ?? 'accepted', reason, JSON.stringify(name));
  });

  it('accepts ordinary entry names, including ones with dots and an @', () => {
    for (const name of ['meta.yaml', 'RESOURCE_ADDON_system-env@system-env.zip', 'images/a..b.tar', 'dir/']) {
      assert.equal(unsafeEntryName(name), null, name);
    }
  });
});
