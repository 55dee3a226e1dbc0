import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DefinitionKind } from '@appmanager/plugin-sdk';
import { findDefinition } from '@appmanager/plugin-package';
import { nameCollisions } from './definition-names.js';
import type { PluginPackage } from './plugin-package.js';

function aPackage(name: string, definitions: Array<{ kind?: DefinitionKind; type: string; aliases?: string[] }>): PluginPackage {
  return {
    id: name,
    name,
    version: '1.0.0',
    description: '',
    enabled: true,
    sha256: '0'.repeat(64),
    archiveKey: '',
    sizeBytes: 0,
    createdAt: new Date(0),
    definitions: definitions.map((d) => ({
      kind: d.kind ?? 'Component',
      type: d.type,
      ...(d.aliases ? { aliases: d.aliases } : {}),
      script: 'x.cjs',
      propertiesSchema: {},
      capabilities: {},
      installRoles: ['sre'],
    })),
  };
}

describe(findDefinition.name, () => {
  it('finds a definition by its type first, then by an alias, of the asked kind only', () => {
    const { definitions } = aPackage('core', [
      { type: 'microservice', aliases: ['K8S_MICROSERVICE'] },
      { kind: 'Trait', type: 'service', aliases: ['service.trait.abm.io'] },
    ]);
    assert.equal(findDefinition(definitions, 'Component', 'K8S_MICROSERVICE')?.type, 'microservice');
    assert.equal(findDefinition(definitions, 'Trait', 'service.trait.abm.io')?.type, 'service');
    assert.equal(findDefinition(definitions, 'Trait', 'K8S_MICROSERVICE'), undefined);
  });
});

describe(nameCollisions.name, () => {
  const core = aPackage('core', [{ type: 'microservice', aliases: ['K8S_MICROSERVICE'] }]);

  it("names an alias that is another package's type or alias of the same kind", () => {
    const claims = aPackage('mine', [{ type: 'web', aliases: ['microservice', 'K8S_MICROSERVICE'] }]);
    assert.deepEqual(
      nameCollisions(claims, [core]).map((c) => `${c.name}:${c.theirs.as}:${c.theirs.pkg}`),
      ['microservice:type:core@1.0.0', 'K8S_MICROSERVICE:alias:core@1.0.0'],
    );
  });

  it("names a type that is another package's alias", () => {
    assert.deepEqual(
      nameCollisions(aPackage('mine', [{ type: 'K8S_MICROSERVICE' }]), [core]).map((c) => c.theirs.type),
      ['microservice'],
    );
  });

  it('leaves a shared type, other kinds and other versions of the same package to resolution', () => {
    assert.deepEqual(
      nameCollisions(aPackage('mine', [{ type: 'microservice' }, { kind: 'Trait', type: 't', aliases: ['K8S_MICROSERVICE'] }]), [core]),
      [],
    );
    assert.deepEqual(
      nameCollisions(aPackage('core', [{ type: 'microservice', aliases: ['K8S_MICROSERVICE', 'MICROSERVICE'] }]), [core]),
      [],
    );
  });
});
