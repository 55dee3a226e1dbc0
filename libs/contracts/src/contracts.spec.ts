import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allContracts, cloudEventSchema, consumers, launchDeploymentCommand, newCloudEvent, parseSubject } from './index.js';

describe('subject scheme', () => {
  it('splits a well-formed subject into its parts', () => {
    assert.deepEqual(parseSubject('deploy.evt.deployment.succeeded.v1'), {
      domain: 'deploy',
      kind: 'evt',
      entity: 'deployment',
      action: 'succeeded',
      major: 1,
    });
  });

  it('refuses subjects outside the scheme', () => {
    for (const bad of [
      'deploy.deployment.succeeded.v1',
      'Deploy.evt.x.y.v1',
      'nope.evt.x.y.v1',
      'deploy.evt.x.y.v0',
      'deploy.evt.x_y.z.v1',
    ]) {
      assert.equal(parseSubject(bad), undefined, bad);
    }
  });

  it('every contract follows the scheme and has a one-line description', () => {
    for (const contract of allContracts) {
      assert.ok(parseSubject(contract.subject), contract.subject);
      assert.ok(contract.description.length > 10 && !contract.description.includes('\n'), contract.subject);
    }
  });

  it('names durable consumers <app>_<domain>-<entity>-<action>-v<N>', () => {
    assert.equal(consumers.deployLaunchDeployment.durable, 'deploy_deploy-deployment-launch-v1');
  });
});

describe('CloudEvents envelope', () => {
  it('builds an envelope whose correlation id defaults to its own id', () => {
    const event = newCloudEvent(launchDeploymentCommand.subject, { appId: 'shop', configuration: 'x: 1' }, { source: 'test' });
    assert.equal(cloudEventSchema.safeParse(event).success, true);
    assert.equal(event.correlationid, event.id);
  });

  it('names the missing field of a malformed envelope', () => {
    const result = cloudEventSchema.safeParse({ specversion: '1.0', source: 's', type: 't', data: {} });
    assert.equal(result.success, false);
    assert.deepEqual(
      result.error?.issues.map((issue) => issue.path.join('.')),
      ['id'],
    );
  });

  it('validates command payloads and says which field is wrong', () => {
    const result = launchDeploymentCommand.schema.safeParse({ configuration: 'x: 1' });
    assert.equal(result.success, false);
    assert.equal(result.error?.issues[0]?.path.join('.'), 'appId');
  });
});
