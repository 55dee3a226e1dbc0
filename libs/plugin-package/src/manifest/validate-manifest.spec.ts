import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PluginPackageError } from '../errors.js';
import { aManifest, aDefinition } from '../testing/package-builders.js';
import { validateManifest } from './validate-manifest.js';

function problemsOf(value: unknown): string[] {
  try {
    validateManifest(value);
  } catch (error) {
    assert.ok(error instanceof PluginPackageError);
    assert.equal(error.code, 'BAD_MANIFEST');
    return error.problems.map((p) => `${p.path}: ${p.message}`);
  }
  assert.fail('the manifest was accepted');
}

describe(validateManifest.name, () => {
  it('accepts a well-formed manifest and returns it', () => {
    assert.deepEqual(validateManifest(aManifest()), aManifest());
  });

  it('names the definition whose properties schema is not a JSON Schema', () => {
    const manifest = aManifest({ definitions: [aDefinition(), aDefinition({ type: 'job', propertiesSchema: { type: 'nonsense' } })] });
    const problems = problemsOf(manifest);
    assert.equal(problems.length, 1);
    assert.match(problems[0] as string, /^definitions\[1\]\.propertiesSchema: not a valid JSON Schema/);
  });

  it('reports a bad version, a duplicate type and a capability the kind may not have, all at once', () => {
    const policy = aDefinition({ kind: 'Policy', type: 'topology', capabilities: { kube: true, log: true } });
    const problems = problemsOf(aManifest({ version: '1.0', definitions: [policy, policy] }));
    assert.deepEqual(problems, [
      'version: "1.0" is not a semver version',
      'definitions[0].capabilities.kube: Policy plug-ins cannot have the "kube" capability',
      'definitions[1].type: Policy/topology is already defined by definitions[0]',
      'definitions[1].capabilities.kube: Policy plug-ins cannot have the "kube" capability',
    ]);
  });

  it("refuses an alias that is another definition's type or alias of the same kind, naming both", () => {
    const microservice = aDefinition({ kind: 'Component', type: 'microservice', aliases: ['K8S_MICROSERVICE'] });
    const job = aDefinition({ kind: 'Component', type: 'job', aliases: ['microservice', 'K8S_MICROSERVICE'] });
    const trait = aDefinition({ kind: 'Trait', type: 'service', aliases: ['K8S_MICROSERVICE'] });
    assert.deepEqual(problemsOf(aManifest({ definitions: [microservice, job, trait] })), [
      'definitions[1].aliases[0]: Component/microservice is already defined by definitions[0]',
      'definitions[1].aliases[1]: Component/K8S_MICROSERVICE is already defined by definitions[0]',
    ]);
  });

  it('names unknown kinds, missing fields and unknown keys by path', () => {
    const { script: _script, ...noScript } = aDefinition();
    const problems = problemsOf({ ...aManifest({ definitions: [aDefinition({ kind: 'Groovy' as never }), noScript as never] }), extra: 1 });
    assert.ok(
      problems.some((p) => p.startsWith('definitions[0].kind:')),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => p.startsWith('definitions[1].script:')),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => p.includes('extra')),
      problems.join('\n'),
    );
  });

  it('refuses a name that is not DNS-style and an http allow-list entry that is not a URL', () => {
    const problems = problemsOf(
      aManifest({ name: 'My Plugin', definitions: [aDefinition({ capabilities: { http: { allow: ['ftp://x'] } } })] }),
    );
    assert.ok(
      problems.some((p) => p.startsWith('name: must be a lower-case DNS-style name')),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => p.startsWith('definitions[0].capabilities.http.allow[0]:')),
      problems.join('\n'),
    );
  });
});
