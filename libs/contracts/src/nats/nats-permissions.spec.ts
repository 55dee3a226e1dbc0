import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allContracts } from '../catalog.js';
import { natsPermissions, platformServices, servicesNamedIn } from './nats-permissions.js';
import { natsPasswordVariable, renderNatsAuthorization } from './nats-server-config.js';

const users = natsPermissions();

describe(natsPermissions.name, () => {
  it('lets an outside system publish the launch and resume commands and hear replies on its own inbox, nothing else', () => {
    assert.deepEqual(users['outside'], {
      publish: { allow: ['deploy.cmd.deployment.launch.v1', 'deploy.cmd.deployment.resume.v1'] },
      subscribe: { allow: ['_INBOX_outside.>'] },
    });
  });

  it('lets the console hear deployment, node and app-instance states and publish nothing', () => {
    assert.deepEqual(users['console'], {
      publish: { allow: [], deny: ['>'] },
      subscribe: {
        allow: ['deploy.evt.deployment.state-changed.v1', 'deploy.evt.node.state-changed.v1', 'state.evt.app-instance.changed.v1'],
      },
    });
  });

  it('lets each service publish what the contracts say it publishes, and no service what another publishes', () => {
    for (const contract of allContracts) {
      // the audit event is published by every service, each of its own mutations
      const publishers = /^every service\b/.test(contract.publishedBy)
        ? Object.keys(platformServices)
        : servicesNamedIn(contract.publishedBy).filter((name) => name in platformServices);
      for (const service of Object.keys(platformServices)) {
        const may = users[service]!.publish.allow.includes(contract.subject);
        assert.equal(may, publishers.includes(service), `${service} on ${contract.subject}`);
      }
    }
  });

  it('gives no user a wildcard over the JetStream API or every subject', () => {
    for (const [user, granted] of Object.entries(users)) {
      for (const subject of [...granted.publish.allow, ...granted.subscribe.allow])
        assert.ok(!['>', '$JS.API.>', '$JS.>', '$JS.API.STREAM.>'].includes(subject), `${user}: ${subject}`);
      assert.ok(!granted.publish.allow.some((subject) => /STREAM\.(DELETE|PURGE)/.test(subject)), `${user} may delete or purge a stream`);
    }
  });

  it("grants a service its own durables only, and the sensor its pollers' bucket", () => {
    assert.ok(users['deploy']!.publish.allow.includes('$JS.API.CONSUMER.MSG.NEXT.DEPLOY.deploy_deploy-deployment-launch-v1'));
    assert.ok(!users['sensor']!.publish.allow.some((subject) => subject.includes('deploy_deploy-deployment-launch-v1')));
    assert.ok(users['sensor']!.publish.allow.includes('$KV.sensor_pollers.>'));
    assert.ok(!users['deploy']!.publish.allow.includes('$KV.sensor_pollers.>'));
    for (const service of Object.keys(platformServices)) assert.ok(users[service]!.publish.allow.includes('$KV.am_api_tokens.>'), service);
  });

  it('reads the publishers of a contract from what stands outside its parentheses', () => {
    assert.deepEqual(servicesNamedIn('any system (CI, ticketing, amctl), build (deploy triggers, through its outbox)'), [
      'any system',
      'build',
    ]);
    assert.deepEqual(servicesNamedIn("deploy, addon, sensor (each replica's plug-in catalog)"), ['deploy', 'addon', 'sensor']);
  });
});

describe(renderNatsAuthorization.name, () => {
  it('quotes a bcrypt hash, so its $ is no config variable, and leaves an environment password unquoted', () => {
    const config = renderNatsAuthorization(
      { outside: users['outside']!, deploy: users['deploy']! },
      { outside: '$2a$10$abcdefghijklmnopqrstuv', deploy: { env: natsPasswordVariable('deploy') } },
    );
    assert.match(config, /password: "\$2a\$10\$abcdefghijklmnopqrstuv"/);
    assert.match(config, /password: \$NATS_PASSWORD_DEPLOY\n/);
    assert.equal(natsPasswordVariable('plugin-registry'), 'NATS_PASSWORD_PLUGIN_REGISTRY');
  });

  it('refuses a user without a password', () => {
    assert.throws(() => renderNatsAuthorization({ outside: users['outside']! }, {}), /no password for NATS user "outside"/);
  });
});
