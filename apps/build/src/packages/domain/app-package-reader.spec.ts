import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { zipSync } from 'fflate';
import { sreworksCorpusDir } from '@appmanager/testing';
import { zipAppManagerBuildDir } from '../outbound/appmanager-build-dir.js';
import { componentZipName, md5Hex, packAppZip, type AppMeta } from './app-package.js';
import { readAppZip } from './app-package-reader.js';
import { packComponentZip, renderComponentMeta } from './component-package.js';
import { PackageInvalidError } from './package-invalid.error.js';

/** The two real SREWorks apps (../shared/conformance/sreworks, never copied into this repository). */
const corpus = sreworksCorpusDir();
const appPackages = corpus ? join(corpus, 'app-packages') : undefined;
const noCorpus = appPackages
  ? false
  : 'the SREWorks app packages are absent (set SREWORKS_CONFORMANCE_DIR to the conformance/sreworks directory)';

function aComponentZip(componentName: string, appId = 'shop'): Uint8Array {
  const workload = { apiVersion: 'apps.abm.io/v1', kind: 'Microservice', spec: { kind: 'Deployment' } };
  return packComponentZip({
    meta: renderComponentMeta({ appId, componentType: 'K8S_MICROSERVICE', componentName, version: '1.0.0', workload }),
  });
}

function anAppMeta(componentNames: string[]): AppMeta {
  return {
    appId: 'shop',
    packageVersion: '1.0.0',
    tags: [],
    componentPackages: componentNames.map((componentName) => ({
      componentType: 'K8S_MICROSERVICE',
      componentName,
      packageVersion: '1.0.0',
      relativePath: componentZipName('K8S_MICROSERVICE', componentName),
    })),
  };
}

function problemsOf(read: () => unknown): string[] {
  try {
    read();
  } catch (error) {
    if (error instanceof PackageInvalidError) return error.problems.map(({ path, problem }) => `${path}: ${problem}`);
    throw error;
  }
  assert.fail('the package was accepted');
}

describe(readAppZip.name, () => {
  for (const [app, microservice, kind] of [
    ['search', 'tkgone', 'StatefulSet'],
    ['upload', 'filemanage', 'Deployment'],
  ] as const) {
    it(`reads back the real SREWorks "${app}" app package made from its build directory`, { skip: noCorpus }, async () => {
      const bytes = await zipAppManagerBuildDir(join(appPackages!, app));
      const { meta, components } = readAppZip(bytes);
      assert.equal(meta.appId, app);
      assert.equal(components.length, 5);
      const byName = new Map(components.map((component) => [component.entry.componentName, component]));
      const workload = byName.get(microservice)?.meta.spec.workload as { spec?: { kind?: string } };
      assert.equal(workload.spec?.kind, kind);
      const appOptions = byName.get('appmeta')?.files['option.json'] as { options?: { name?: unknown } };
      assert.equal(typeof appOptions.options?.name, 'string');
      assert.ok(Array.isArray((byName.get('productopsv2')?.files['content.json'] as { tabList?: unknown }).tabList));
      for (const component of components) assert.match(component.md5, /^[0-9a-f]{32}$/);
      const again = readAppZip(await zipAppManagerBuildDir(join(appPackages!, app)));
      assert.deepEqual(
        again.components.map((component) => component.md5),
        components.map((component) => component.md5),
      );
      assert.equal(md5Hex(await zipAppManagerBuildDir(join(appPackages!, app))), md5Hex(bytes));
    });
  }

  it('round-trips an app package it packed', () => {
    const bytes = packAppZip({
      meta: anAppMeta(['cart', 'pay']),
      components: [
        { relativePath: 'K8S_MICROSERVICE_pay.zip', bytes: aComponentZip('pay') },
        { relativePath: 'K8S_MICROSERVICE_cart.zip', bytes: aComponentZip('cart') },
      ],
    });
    const { components } = readAppZip(bytes);
    assert.deepEqual(
      components.map((component) => [component.relativePath, component.md5]),
      [
        ['K8S_MICROSERVICE_cart.zip', md5Hex(aComponentZip('cart'))],
        ['K8S_MICROSERVICE_pay.zip', md5Hex(aComponentZip('pay'))],
      ],
    );
  });

  it('refuses an entry that would be unpacked outside its directory (zip-slip), naming it', () => {
    const bytes = zipSync({ 'meta.yaml': new TextEncoder().encode('appId: shop\n'), '../../etc/cron.d/evil': new Uint8Array([1]) });
    assert.deepEqual(
      problemsOf(() => readAppZip(bytes)),
      ['app package: "../../etc/cron.d/evil" climbs out of the archive with ".."'],
    );
  });

  it('refuses a declared component zip that is not in the archive, naming the declaration', () => {
    const bytes = packAppZip({
      meta: anAppMeta(['cart']),
      components: [{ relativePath: 'K8S_MICROSERVICE_cart.zip', bytes: aComponentZip('cart') }],
    });
    const withMissing = zipSync({
      'meta.yaml': new TextEncoder().encode(
        'appId: shop\npackageVersion: 1.0.0\ncomponentPackages:\n- {componentType: K8S_MICROSERVICE, componentName: pay, packageVersion: 1.0.0, relativePath: K8S_MICROSERVICE_pay.zip}\n',
      ),
      'K8S_MICROSERVICE_cart.zip': bytes,
    });
    assert.deepEqual(
      problemsOf(() => readAppZip(withMissing)),
      ['componentPackages[0].relativePath: "K8S_MICROSERVICE_pay.zip" is not in the archive'],
    );
  });

  it('refuses a zip bomb from its declared sizes, also one nested in a component zip', () => {
    const zeros = new Uint8Array(4 * 1024 * 1024);
    const bomb = zipSync({ 'meta.yaml': new TextEncoder().encode('appId: shop\n'), 'filler.bin': zeros });
    assert.match(
      problemsOf(() => readAppZip(bomb, { maxEntries: 100, maxUncompressedBytes: 1024 * 1024 })).join('\n'),
      /app package: declares \d+ uncompressed bytes in all, over the limit of 1048576/,
    );
    const nested = packAppZip({
      meta: anAppMeta(['cart']),
      components: [
        {
          relativePath: 'K8S_MICROSERVICE_cart.zip',
          bytes: packComponentZip({
            meta: renderComponentMeta({
              appId: 'shop',
              componentType: 'K8S_MICROSERVICE',
              componentName: 'cart',
              version: '1.0.0',
              workload: {},
            }),
            files: { 'image.tar': zeros },
          }),
        },
      ],
    });
    assert.match(
      problemsOf(() => readAppZip(nested, { maxEntries: 100, maxUncompressedBytes: 1024 * 1024 })).join('\n'),
      /K8S_MICROSERVICE_cart\.zip: declares \d+ uncompressed bytes in all, over the limit/,
    );
    assert.match(
      problemsOf(() => readAppZip(nested, { maxEntries: 2, maxUncompressedBytes: 1e9 })).join('\n'),
      /K8S_MICROSERVICE_cart\.zip: 4 entries in all, over the limit of 2/,
    );
  });

  it('refuses a meta.yaml that is not an app package meta, naming the missing fields', () => {
    const componentMetaAsApp = packComponentZip({
      meta: renderComponentMeta({
        appId: 'shop',
        componentType: 'K8S_MICROSERVICE',
        componentName: 'cart',
        version: '1.0.0',
        workload: {},
      }),
    });
    const problems = problemsOf(() => readAppZip(componentMetaAsApp));
    assert.equal(problems[0], 'meta.yaml: is not an app package meta (appId, packageVersion, componentPackages[])');
    assert.ok(problems.some((problem) => problem.startsWith('appId: ')));
    assert.ok(problems.some((problem) => problem.startsWith('componentPackages: ')));
  });

  it('refuses a component zip holding another component than declared', () => {
    const bytes = packAppZip({
      meta: anAppMeta(['cart']),
      components: [{ relativePath: 'K8S_MICROSERVICE_cart.zip', bytes: aComponentZip('pay') }],
    });
    assert.deepEqual(
      problemsOf(() => readAppZip(bytes)),
      ['componentPackages[0]: K8S_MICROSERVICE_cart.zip holds component "pay", not "cart"'],
    );
  });

  it('refuses something that is not a zip at all', () => {
    assert.match(
      problemsOf(() => readAppZip(new TextEncoder().encode('not a zip'))).join(''),
      /app package: is not a readable zip archive/,
    );
  });
});
