import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isUrlAllowed } from './http-allow-list.js';

describe(isUrlAllowed.name, () => {
  const allow = ['https://api.example.com/v1/', 'https://status.example.org'];

  it('allows URLs under an allowed prefix', () => {
    assert.equal(isUrlAllowed('https://api.example.com/v1/builds?x=1', allow), true);
    assert.equal(isUrlAllowed('https://status.example.org/anything', allow), true);
  });

  it('refuses look-alike hosts, credentials tricks, other paths, schemes and ports', () => {
    for (const url of [
      'https://api.example.com.evil.test/v1/x',
      'https://api.example.com@evil.test/v1/x',
      'https://user:pw@api.example.com/v1/x',
      'https://api.example.com/v2/x',
      'https://api.example.com/v1evil/x',
      'http://api.example.com/v1/x',
      'https://api.example.com:8443/v1/x',
      'file:///etc/passwd',
      'not a url',
    ]) {
      assert.equal(isUrlAllowed(url, allow), false, url);
    }
  });

  it('refuses everything when nothing is allow-listed', () => {
    assert.equal(isUrlAllowed('https://api.example.com/v1/x', []), false);
  });
});
