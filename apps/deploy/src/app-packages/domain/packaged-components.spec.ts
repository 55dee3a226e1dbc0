import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appPackageAnnotation, asConfiguration, chosenPackage, inlined, packagedComponents } from './packaged-components.js';

const aDoc = (components: Record<string, unknown>[], annotations: Record<string, unknown> = {}) =>
  asConfiguration({
    kind: 'ApplicationConfiguration',
    metadata: { annotations: { appId: 'search', ...annotations } },
    spec: { components },
  })!;

describe('packaged components', () => {
  it('takes from the package a component with no workload and an INTERNAL_ADDON with _, nothing else', () => {
    const doc = aDoc([
      { revisionName: 'K8S_MICROSERVICE|tkgone|_' },
      { revisionName: 'K8S_MICROSERVICE|pinned|1.2.0' },
      { revisionName: 'K8S_MICROSERVICE|inline|_', workload: { kind: 'Microservice' } },
      { revisionName: 'INTERNAL_ADDON|appmeta|_' },
      { revisionName: 'RESOURCE_ADDON|system-env@system-env|1.0' },
      { revisionName: 'K8S_MICROSERVICE' },
    ]);
    assert.deepEqual(
      packagedComponents(doc).map((c) => [c.index, `${c.type}|${c.name}`, c.version]),
      [
        [0, 'K8S_MICROSERVICE|tkgone', null],
        [1, 'K8S_MICROSERVICE|pinned', '1.2.0'],
        [3, 'INTERNAL_ADDON|appmeta', null],
      ],
    );
  });

  it('chooses the package by the annotation id, then its version, then the launch, else none (the newest)', () => {
    const launch = { id: 'from-launch', version: '9' };
    assert.deepEqual(chosenPackage(aDoc([], { appPackageId: 7, appPackageVersion: '1' }), launch), { appPackageId: '7' });
    assert.deepEqual(chosenPackage(aDoc([], { appPackageVersion: '1.0' }), launch), { appPackageVersion: '1.0' });
    assert.deepEqual(chosenPackage(aDoc([]), launch), { appPackageId: 'from-launch' });
    assert.deepEqual(chosenPackage(aDoc([]), { version: '9' }), { appPackageVersion: '9' });
    assert.deepEqual(chosenPackage(aDoc([])), {});
  });

  it("inlines the workload, an add-on's content as properties, the version for _, and names the package it came from", () => {
    const doc = aDoc([{ revisionName: 'K8S_MICROSERVICE|tkgone|_' }, { revisionName: 'INTERNAL_ADDON|appmeta|_' }]);
    const result = inlined(doc, packagedComponents(doc), 'search', { id: '12', version: '1.1.2' }, [
      { type: 'K8S_MICROSERVICE', name: 'tkgone', version: '4.5.4', workload: { kind: 'Microservice', spec: {} }, files: {} },
      {
        type: 'INTERNAL_ADDON',
        name: 'appmeta',
        version: '1.1.2',
        workload: { kind: 'AppmetaConfig' },
        files: { 'option.json': { a: 1 } },
      },
    ]);
    assert.ok('doc' in result);
    const [micro, addon] = result.doc.spec.components;
    assert.deepEqual(micro, { revisionName: 'K8S_MICROSERVICE|tkgone|4.5.4', workload: { kind: 'Microservice', spec: {} } });
    assert.deepEqual(addon?.['properties'], { kind: 'AppmetaConfig', options: { a: 1 }, content: null, appId: 'search' });
    assert.equal(result.doc.metadata?.annotations?.[appPackageAnnotation], '12@1.1.2');
    assert.equal(doc.spec.components[0]?.['workload'], undefined, 'the given configuration is left as it was');
  });

  it('names each component the package lacks, with the app', () => {
    const doc = aDoc([{ revisionName: 'K8S_MICROSERVICE|tkgone|_' }]);
    const result = inlined(doc, packagedComponents(doc), 'search', { id: '12', version: '1.1.2' }, []);
    assert.ok('problems' in result);
    assert.match(result.problems[0]?.problem ?? '', /no app package of "search" \(12@1\.1\.2\) has K8S_MICROSERVICE\|tkgone/);
  });
});
