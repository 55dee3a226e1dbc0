import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminRequest as request } from '@appmanager/testing';
import { aLayeredApplication } from '../testing/layered-application.js';
import { startDeployTestBed, type DeployTestBed } from '../testing/deploy-test-bed.js';

describe('request bodies of real applications', () => {
  let bed: DeployTestBed;

  before(async () => {
    bed = await startDeployTestBed({ label: 'deploy-body-limit', env: { HTTP_BODY_LIMIT: '1mb' } });
  });

  after(() => bed?.close());

  it('plans a 1,000-component application (about 250 KB of JSON)', async () => {
    const configuration = aLayeredApplication({ name: 'big', components: 1000, layers: 10 });
    assert.ok(JSON.stringify(configuration).length > 200_000);
    const { body } = await request(bed.service.url).post('/v1/deployments:plan').send({ configuration }).expect(200);
    assert.equal(body.nodes.length, 1000);
    assert.equal(body.levels.length, 10);
  });

  it('refuses a launch over HTTP_BODY_LIMIT with 413 naming the limit', async () => {
    const configuration = aLayeredApplication({ name: 'huge', components: 5000, layers: 10 });
    const refused = await request(bed.service.url).post('/v1/deployments').send({ appId: 'huge', configuration }).expect(413);
    assert.equal(refused.body.error, 'Payload Too Large');
    assert.match(refused.body.message, /over this service's limit of 1 MB \(1048576 bytes\) \(HTTP_BODY_LIMIT\)$/);
    const listed = await request(bed.service.url).get('/v1/deployments?appId=huge').expect(200);
    assert.equal(listed.body.items.length, 0);
  });
});
