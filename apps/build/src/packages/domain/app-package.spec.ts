import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkImportVersion, componentZipName, withVersion, type AppMeta } from './app-package.js';

const meta: AppMeta = { appId: 'search', packageVersion: '1.0.3+20230321155023397635', tags: ['on-sale'], componentPackages: [] };

describe(componentZipName.name, () => {
  it('names a component zip after its type, with slashes made underscores, and its name', () => {
    assert.equal(componentZipName('K8S_MICROSERVICE', 'tkgone'), 'K8S_MICROSERVICE_tkgone.zip');
    assert.equal(componentZipName('RESOURCE_ADDON', 'system-env@system-env'), 'RESOURCE_ADDON_system-env@system-env.zip');
    assert.equal(componentZipName('HELM/v3', 'chart'), 'HELM_v3_chart.zip');
  });
});

describe(checkImportVersion.name, () => {
  it("stores meta.yaml's version when the request names none or the same one", () => {
    assert.deepEqual(checkImportVersion(meta, undefined, false), { version: '1.0.3+20230321155023397635' });
    assert.deepEqual(checkImportVersion(meta, '1.0.3', false), { version: '1.0.3+20230321155023397635' });
  });

  it('refuses a version that differs from meta.yaml unless resetVersion, and then stores the requested one', () => {
    const refused = checkImportVersion(meta, '2.0.0', false);
    assert.ok('problem' in refused);
    assert.match(
      refused.problem.problem,
      /the request asks for "2\.0\.0" but meta\.yaml holds "1\.0\.3\+20230321155023397635"; import with resetVersion/,
    );
    assert.deepEqual(checkImportVersion(meta, '2.0.0', true), { version: '2.0.0' });
    assert.equal(withVersion(meta, '2.0.0').packageVersion, '2.0.0');
  });

  it('refuses a requested version that is not a version', () => {
    const refused = checkImportVersion(meta, 'latest', true);
    assert.ok('problem' in refused && /"latest" is not a version/.test(refused.problem.problem));
  });
});
