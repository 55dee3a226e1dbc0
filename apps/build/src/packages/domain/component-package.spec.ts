import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { md5Hex } from './app-package.js';
import { packComponentZip, readComponentZip, renderComponentMeta, type ComponentMetaInput } from './component-package.js';
import { PackageInvalidError } from './package-invalid.error.js';
import { packZip } from './zip-archive.js';

function aMicroservice(overrides: Partial<ComponentMetaInput> = {}): ComponentMetaInput {
  return {
    appId: 'search',
    componentType: 'K8S_MICROSERVICE',
    componentName: 'tkgone',
    version: '4.5.4+20230321154221904970',
    workload: { apiVersion: 'apps.abm.io/v1', kind: 'Microservice', spec: { kind: 'StatefulSet', replicas: 1 } },
    images: [{ name: 'tkgone', image: 'registry.local/search-tkgone:1', sha256: 'sha256:abc' }],
    ...overrides,
  };
}

describe(renderComponentMeta.name, () => {
  it('renders the name, version annotation and placeholder labels AppManager gives a microservice', () => {
    const meta = renderComponentMeta(aMicroservice());
    assert.equal(meta.metadata.name, 'microservice-search-tkgone');
    assert.equal(meta.metadata.annotations['annotations.appmanager.oam.dev/version'], '4.5.4+20230321154221904970');
    assert.equal(meta.metadata.labels['labels.appmanager.oam.dev/componentName'], 'tkgone');
    assert.equal(meta.metadata.labels['labels.appmanager.oam.dev/stageId'], 'PLACEHOLDER_STAGE_ID');
    assert.equal(meta.metadata.labels['labels.appmanager.oam.dev/clusterId'], 'PLACEHOLDER_CLUSTER_ID');
    assert.equal(meta.spec.images[0]?.sha256, 'sha256:abc');
  });
});

describe(packComponentZip.name, () => {
  it('gives identical bytes for identical content, so an unchanged component build can be skipped', () => {
    const files = { 'option.json': '{"a":1}', 'content.json': '{}' };
    const first = packComponentZip({ meta: renderComponentMeta(aMicroservice()), files });
    const again = packComponentZip({
      meta: renderComponentMeta(aMicroservice()),
      files: { 'content.json': '{}', 'option.json': '{"a":1}' },
    });
    assert.equal(md5Hex(again), md5Hex(first));
  });

  it('gives different bytes when the workload changes', () => {
    const before = packComponentZip({ meta: renderComponentMeta(aMicroservice()) });
    const workload = { apiVersion: 'apps.abm.io/v1', kind: 'Microservice', spec: { kind: 'Deployment', replicas: 1 } };
    const after = packComponentZip({ meta: renderComponentMeta(aMicroservice({ workload })) });
    assert.notEqual(md5Hex(after), md5Hex(before));
  });
});

describe(readComponentZip.name, () => {
  it('reads back the meta and parses json and yaml files, keeping other text and binary content', () => {
    const tarball = new Uint8Array([0x1f, 0x8b, 0, 1, 2]);
    const bytes = packComponentZip({
      meta: renderComponentMeta(aMicroservice()),
      files: { 'option.json': '{"options":{"name":"x"}}', 'values.yaml': 'replicas: 2\n', README: 'hello', 'image.tar': tarball },
    });
    const { meta, files } = readComponentZip(bytes);
    assert.deepEqual(meta.spec.workload['spec'], { kind: 'StatefulSet', replicas: 1 });
    assert.deepEqual(files['option.json'], { options: { name: 'x' } });
    assert.deepEqual(files['values.yaml'], { replicas: 2 });
    assert.equal(files['README'], 'hello');
    assert.deepEqual(files['image.tar'], tarball);
  });

  it('refuses a component zip without meta.yaml, or whose meta.yaml is not an OAM Component, naming the field', () => {
    assert.throws(() => readComponentZip(packZip({ 'option.json': '{}' })), /component package: has no meta\.yaml/);
    const notComponent = packZip({
      'meta.yaml': 'apiVersion: core.oam.dev/v1alpha2\nkind: Deployment\nmetadata: {name: x}\nspec: {workload: {}}\n',
    });
    assert.throws(
      () => readComponentZip(notComponent),
      (error: unknown) => error instanceof PackageInvalidError && error.problems.some((p) => p.path === 'component package/meta.yaml#kind'),
    );
  });

  it('refuses a json file that does not parse, naming the file', () => {
    const bytes = packComponentZip({ meta: renderComponentMeta(aMicroservice()), files: { 'option.json': '{oops' } });
    assert.throws(() => readComponentZip(bytes), /component package\/option\.json: cannot be parsed/);
  });
});
