import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { runAmctl } from '../../testing/run-amctl.js';
import { renderKustomization } from '../outbound/kustomize.renderer.js';

describe('amctl kustomize render', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'amctl-kustomize-'));
    await writeFile(
      join(dir, 'kustomization.yaml'),
      'namePrefix: shop-\nresources: [cm.yaml]\nconfigMapGenerator:\n  - name: settings\n    literals: [MODE=prod]\n',
    );
    await writeFile(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: base }\ndata: { a: "1" }\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('renders the kustomization with kubectl into a kustomize component', async (t) => {
    if (
      !(await renderKustomization(dir).then(
        () => true,
        () => false,
      ))
    )
      return t.skip('neither kubectl nor kustomize is on PATH');
    const run = await runAmctl(['kustomize', 'render', '.', '--name', 'base'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const component = parse(run.stdout) as {
      type: string;
      name: string;
      properties: { kustomization: { path: string; sha256: string }; objects: Array<{ metadata: { name: string } }> };
    };
    assert.equal(component.type, 'kustomize');
    assert.equal(component.name, 'base');
    assert.equal(component.properties.kustomization.path, '.');
    assert.match(component.properties.kustomization.sha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(
      component.properties.objects.map((o) => o.metadata.name.replace(/-[a-z0-9]{10}$/, '-<hash>')),
      ['shop-base', 'shop-settings-<hash>'],
    );
  });

  it('says which renderer is missing, or what is wrong with the kustomization', async () => {
    await assert.rejects(renderKustomization(dir, [{ command: 'no-such-kubectl', args: () => [] }]), /needs kubectl or kustomize on PATH/);
    const broken = await mkdtemp(join(tmpdir(), 'amctl-kustomize-'));
    try {
      await writeFile(join(broken, 'kustomization.yaml'), 'resources: [missing.yaml]\n');
      const run = await runAmctl(['kustomize', 'render', broken]);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /failed: .*missing\.yaml/);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});
