import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  autoVersion,
  compareVersions,
  isAlwaysAutoVersioned,
  nextVersion,
  parseVersion,
  sameVersion,
  withBuildMetadata,
} from './version.js';

describe(nextVersion.name, () => {
  it('starts at 1.0.0 and rolls a patch of 9 into the minor and a minor of 9 into the major, as AppManager does', () => {
    const table: [string | null, string][] = [
      [null, '1.0.0'],
      ['1.0.0', '1.0.1'],
      ['1.0.8', '1.0.9'],
      ['1.0.9', '1.1.0'],
      ['1.9.3', '2.0.0'],
      ['1.9.9', '2.0.0'],
      ['4.5.4+20230321154221904970', '4.5.5'],
      ['1.0.9+20230321152020168383', '1.1.0'],
    ];
    for (const [latest, next] of table) assert.equal(nextVersion(latest), next, `after ${latest}`);
  });

  it('refuses a latest version that is not a semantic version, naming it', () => {
    assert.throws(() => nextVersion('v-one'), /"v-one" is not a version/);
  });
});

describe(withBuildMetadata.name, () => {
  it('appends the UTC time to the second and six random digits', () => {
    const stamped = withBuildMetadata('1.1.1', new Date(Date.UTC(2022, 5, 8, 16, 8, 22, 999)), () => 0.137535);
    assert.equal(stamped, '1.1.1+20220608160822137535');
    assert.match(withBuildMetadata('2.0.0+old', new Date(), Math.random), /^2\.0\.0\+\d{14}\d{6}$/);
    assert.match(
      withBuildMetadata('1.0.0', new Date(), () => 0.0000001),
      /\+\d{14}000000$/,
    );
  });
});

describe(compareVersions.name, () => {
  it('orders versions semantically and ignores build metadata', () => {
    assert.ok(compareVersions('1.0.10', '1.0.9') > 0);
    assert.ok(compareVersions('1.1.0+20230101000000000000', '1.2.0') < 0);
    assert.equal(compareVersions('1.0.3+20230321155023397635', '1.0.3+20230321152743609966'), 0);
    assert.ok(sameVersion('1.0.3', '1.0.3+20230321155023397635'));
    assert.ok(!sameVersion('1.0.3', '1.0.4'));
  });

  it('parses x.y.z with build metadata and refuses anything else clearly', () => {
    assert.equal(parseVersion('4.5.4+20230321154221904970').version, '4.5.4');
    assert.throws(() => parseVersion(autoVersion), /"_" is not a version: AppManager versions are semantic versions/);
    assert.throws(() => parseVersion('1.0'), /"1.0" is not a version/);
  });
});

describe(isAlwaysAutoVersioned.name, () => {
  it('auto-versions add-ons whatever the request asks, and nothing else', () => {
    assert.ok(isAlwaysAutoVersioned('RESOURCE_ADDON'));
    assert.ok(isAlwaysAutoVersioned('INTERNAL_ADDON'));
    assert.ok(!isAlwaysAutoVersioned('K8S_MICROSERVICE'));
  });
});
