import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseApplication } from '../../applications/domain/parse-application.js';
import { aComponent, anApplication } from '../../applications/testing/application.builder.js';
import { dataPlaceholders, handedWorkloadFrom } from './node-plan.js';

const app = parseApplication(
  anApplication('shop')
    .withComponent(
      aComponent('microservice', 'web')
        .withProperties({ image: 'shop/web:1' })
        .withTrait('sidecar', 'pre')
        .withTrait('service', 'post', {}, { dataOutputs: [{ name: 'web.url', fieldPath: 'spec.clusterIP' }] })
        .withTrait('env', 'pre')
        .producing('web.name', 'metadata.name'),
    )
    .build(),
);
const web = app.components[0]!;
const trait = (type: string) => web.traits.find((t) => t.type === type)!;

describe('node plan', () => {
  it('stands in for every data output of components and traits before anything ran', () => {
    assert.deepEqual(dataPlaceholders(app), { 'web.name': '<data:web.name>', 'web.url': '<data:web.url>' });
  });

  it("hands each pre-trait the workload of the pre-trait before it, and the component the last one's", () => {
    assert.equal(handedWorkloadFrom(web, trait('sidecar')), null);
    assert.equal(handedWorkloadFrom(web, trait('env')), `${web.id}#sidecar`);
    assert.equal(handedWorkloadFrom(web), `${web.id}#env`);
  });

  it('gives a component without pre-traits its freshly rendered workload', () => {
    const plain = parseApplication(
      anApplication()
        .withComponent(aComponent('microservice', 'api').withProperties({ image: 'a:1' }).withTrait('service', 'post'))
        .build(),
    );
    assert.equal(handedWorkloadFrom(plain.components[0]!), null);
  });
});
