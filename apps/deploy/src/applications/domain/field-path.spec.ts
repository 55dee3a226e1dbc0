import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FieldPathError, getAtPath, parseFieldPath, setAtPath } from './field-path.js';
import { evaluateFieldPath, renderParameters } from './field-template.js';
import { applyFieldWrites, planFieldWrites } from './field-writes.js';

describe(parseFieldPath.name, () => {
  it('reads keys, indices, quoted keys and [field=value] selectors, with or without $.', () => {
    assert.deepEqual(parseFieldPath("$.metadata.labels['app.kubernetes.io/name']"), [
      { kind: 'key', key: 'metadata' },
      { kind: 'key', key: 'labels' },
      { kind: 'key', key: 'app.kubernetes.io/name' },
    ]);
    assert.deepEqual(parseFieldPath('spec.containers[0].env[name=DB_HOST].value'), [
      { kind: 'key', key: 'spec' },
      { kind: 'key', key: 'containers' },
      { kind: 'index', index: 0 },
      { kind: 'key', key: 'env' },
      { kind: 'match', field: 'name', value: 'DB_HOST' },
      { kind: 'key', key: 'value' },
    ]);
  });
});

describe(setAtPath.name, () => {
  it('writes through existing objects and lists and creates what is missing', () => {
    const workload: Record<string, unknown> = { spec: { replicas: 1, template: { spec: { containers: [{ name: 'web', env: [] }] } } } };
    setAtPath(workload, 'spec.replicas', 3);
    setAtPath(workload, 'spec.template.spec.containers[name=web].env[name=DB_HOST].value', 'db.shop');
    setAtPath(workload, 'spec.env.DB_HOST', 'db.shop');
    setAtPath(workload, 'metadata.annotations["a/b"]', 'x');
    assert.equal(getAtPath(workload, 'spec.replicas'), 3);
    assert.deepEqual(getAtPath(workload, 'spec.template.spec.containers[0].env'), [{ name: 'DB_HOST', value: 'db.shop' }]);
    assert.deepEqual(getAtPath(workload, 'spec.env'), { DB_HOST: 'db.shop' });
    assert.equal(getAtPath(workload, "metadata.annotations['a/b']"), 'x');
  });

  it('refuses to walk through a scalar instead of silently dropping the value', () => {
    assert.throws(
      () => setAtPath({ spec: { replicas: 1 } }, 'spec.replicas.max', 2),
      (e: unknown) => e instanceof FieldPathError && /"replicas" holds 1/.test(e.message),
    );
  });
});

describe(evaluateFieldPath.name, () => {
  const workload = { metadata: { name: 'dev-shop-backend' }, spec: { env: { DB_HOST: 'db' }, port: 8080 } };

  it('reads a plain path, a whole-value template keeping its type, and text with templates', () => {
    assert.equal(evaluateFieldPath(workload, 'spec.env.DB_HOST'), 'db');
    assert.equal(evaluateFieldPath(workload, '{{ spec.port }}'), 8080);
    assert.equal(evaluateFieldPath(workload, 'http://{{ metadata.name }}:{{ spec.port }}'), 'http://dev-shop-backend:8080');
    assert.equal(evaluateFieldPath(workload, 'http://{{ metadata.missing }}'), undefined);
  });

  it('renders {{ NAME }} parameters through nested values and leaves unknown names alone', () => {
    assert.deepEqual(
      renderParameters({ a: '{{ Global.STAGE_ID }}-app', b: ['{{ N }}'], c: '{{ X }}' }, { 'Global.STAGE_ID': 'dev', N: 3 }),
      {
        a: 'dev-app',
        b: [3],
        c: '{{ X }}',
      },
    );
  });
});

describe(planFieldWrites.name, () => {
  it('sends properties.* paths to the properties and the rest to the workload, data inputs after parameters', () => {
    const planned = planFieldWrites(
      [{ name: 'REPLICAS', value: 1, toFieldPaths: ['spec.replicas', 'properties.replicas'] }],
      [{ from: 'db.host', toFieldPaths: ['properties.env.DB_HOST'] }],
      { 'db.host': 'db.shop.svc' },
    );
    assert.deepEqual(applyFieldWrites({ image: 'x' }, planned.properties), { image: 'x', replicas: 1, env: { DB_HOST: 'db.shop.svc' } });
    assert.deepEqual(applyFieldWrites({ spec: {} }, planned.workload), { spec: { replicas: 1 } });
  });

  it("writes every path onto AppManager's own workload (the plug-in's properties) when the component gave one", () => {
    const planned = planFieldWrites(
      [{ name: 'REPLICAS', value: 3, toFieldPaths: ['spec.replicas'] }],
      [{ from: 'Global.DB_HOST', toFieldPaths: ['spec.env.DB_HOST'] }],
      { 'Global.DB_HOST': 'dev-db.shop' },
      'properties',
    );
    assert.deepEqual(planned.workload, []);
    assert.deepEqual(applyFieldWrites({ kind: 'Microservice', spec: { replicas: 1, env: { A: 'b' } } }, planned.properties), {
      kind: 'Microservice',
      spec: { replicas: 3, env: { A: 'b', DB_HOST: 'dev-db.shop' } },
    });
  });

  it('refuses a data input whose producer has not produced it yet', () => {
    assert.throws(
      () => planFieldWrites([], [{ from: 'db.host', toFieldPaths: ['spec.x'] }], {}),
      /data output "db.host" has not been produced/,
    );
  });
});
