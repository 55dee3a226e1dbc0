import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import {
  adminRequest,
  createTestDatabase,
  eventually,
  freePort,
  requestAs,
  startNatsServer,
  testAuthEnv,
  type PrivateNatsServer,
  type TestDatabase,
} from '@appmanager/testing';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { echoService } from '../fixtures/echo.module.js';
import { startService, type RunningService } from '../index.js';
import { API_TOKENS_BUCKET } from './api-token-store.js';

/** A JWKS and discovery document over HTTP, and access tokens signed with its key: what an OIDC issuer serves. */
async function startIssuer(): Promise<{
  url: string;
  sign(claims: Record<string, unknown>, options?: SignOptions): Promise<string>;
  close(): void;
}> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') return res.end(JSON.stringify({ issuer: url, jwks_uri: `${url}/jwks` }));
    if (req.url === '/jwks') return res.end(JSON.stringify({ keys: [jwk] }));
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url,
    sign: (claims, options = {}) => signWith(options.key ?? privateKey, claims, { issuer: url, ...options }),
    close: () => server.close(),
  };
}

interface SignOptions {
  key?: CryptoKey;
  issuer?: string;
  audience?: string;
  expiresIn?: string | number;
}

const signWith = (key: CryptoKey, claims: Record<string, unknown>, options: SignOptions) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setIssuer(options.issuer!)
    .setAudience(options.audience ?? 'appmanager')
    .setSubject(String(claims['sub'] ?? 'user-1'))
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(key);

const pick = (record: Record<string, unknown>) => {
  const { actor, via, action, outcome, status, reason, correlationId, service } = record;
  return { actor, via, action, outcome, status, reason, correlationId, service };
};

describe('authentication and authorisation on every route (service-host)', () => {
  let nats: PrivateNatsServer;
  let database: TestDatabase;
  let issuer: Awaited<ReturnType<typeof startIssuer>>;
  let service: RunningService;

  before(async () => {
    [nats, database, issuer] = await Promise.all([startNatsServer(), createTestDatabase('service_host_auth'), startIssuer()]);
    service = await startService(echoService, {
      env: {
        ...testAuthEnv(),
        AUTH_OIDC_ISSUER: issuer.url,
        NATS_URL: nats.url,
        DATABASE_URL: database.url,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
      },
      logDestination: { write: () => undefined },
    });
  });

  after(async () => {
    await service?.close();
    issuer?.close();
    await nats?.stop();
    await database?.drop();
  });

  it('refuses a request without credentials with 401 saying how to send them; probes and metrics stay open', async () => {
    const refused = await request(service.url).get('/v1/notes/1').expect(401);
    assert.match(refused.body.message, /no credentials: send "Authorization: Bearer <token>"/);
    await request(service.url).get('/healthz').expect(200);
    await request(service.url).get('/readyz').expect(200);
    await request(service.url).get('/metrics').expect(200);
    const garbage = await requestAs(service.url, 'not-a-token').get('/v1/notes/1').expect(401);
    assert.equal(garbage.body.message, 'unknown token');
  });

  it("accepts the issuer's access tokens: roles from the `roles` claim, checked against the JWKS, iss, aud and exp", async () => {
    const viewer = await issuer.sign({ sub: 'u-1', preferred_username: 'vera', roles: ['viewer'] });
    const me = await requestAs(service.url, viewer).get('/v1/whoami').expect(200);
    assert.deepEqual(me.body, { subject: 'u-1 (vera)', via: 'oidc', roles: ['viewer'] });
    await requestAs(service.url, viewer).get('/v1/notes/1').expect(404);

    const expired = await issuer.sign({ roles: ['admin'] }, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    assert.equal((await requestAs(service.url, expired).get('/v1/whoami').expect(401)).body.message, 'access token expired');
    const otherAudience = await issuer.sign({ roles: ['admin'] }, { audience: 'someone-else' });
    assert.match((await requestAs(service.url, otherAudience).get('/v1/whoami').expect(401)).body.message, /"aud"/);
    const { privateKey: forger } = await generateKeyPair('ES256');
    const forged = await issuer.sign({ roles: ['admin'] }, { key: forger });
    assert.match((await requestAs(service.url, forged).get('/v1/whoami').expect(401)).body.message, /signature verification failed/);
  });

  it('denies by default: 403 naming the caller, its roles and the permission; a route that declares none is refused to all', async () => {
    const viewer = await issuer.sign({ sub: 'u-2', roles: ['viewer'] });
    const denied = await requestAs(service.url, viewer).post('/v1/notes').send({ text: 'hi' }).expect(403);
    assert.equal(denied.body.message, 'u-2 (roles: viewer) may not packages:write');
    const nobody = await issuer.sign({ sub: 'u-3', roles: ['platform-admin', 'root'] });
    assert.match((await requestAs(service.url, nobody).get('/v1/notes/1').expect(403)).body.message, /roles: none/);
    const forgotten = await adminRequest(service.url).get('/v1/forgotten').expect(403);
    assert.match(forgotten.body.message, /declares no permission/);
  });

  it("binds roles per project: app-team@shop reads shop's applications and no other project's", async () => {
    await adminRequest(service.url).put('/v1/projects/shop/apps/cart').expect(200, { appId: 'cart', project: 'shop' });
    const team = await issuer.sign({ sub: 'u-4', roles: ['app-team@shop'] });
    await requestAs(service.url, team).get('/v1/apps/cart/notes').expect(200);
    const other = await requestAs(service.url, team).get('/v1/apps/billing/notes').expect(403);
    assert.equal(other.body.message, 'u-4 (roles: app-team@shop) may not packages:read on application billing (project default)');
    // a list across applications: only with the application named, unless the role holds in every project
    const across = await requestAs(service.url, team).get('/v1/app-notes').expect(403);
    assert.equal(across.body.message, 'u-4 holds packages:read in some projects only: name the application with ?appId=');
    await requestAs(service.url, team).get('/v1/app-notes?appId=cart').expect(200);
    await requestAs(service.url, team).get('/v1/app-notes?appId=billing').expect(403);
    await requestAs(service.url, await issuer.sign({ sub: 'u-5', roles: ['viewer'] }))
      .get('/v1/app-notes')
      .expect(200);
    const listed = await adminRequest(service.url).get('/v1/projects/apps').expect(200);
    assert.deepEqual(listed.body.items, [{ appId: 'cart', project: 'shop' }]);
  });

  it('issues API tokens shown once and stored hashed; they expire, and a revoked one is refused', async () => {
    const issued = await adminRequest(service.url)
      .post('/v1/api-tokens')
      .send({ name: 'ci', roles: ['launcher'], projects: ['shop'], expiresInDays: 7 })
      .expect(201);
    const token = issued.body.token as string;
    assert.match(token, /^amt_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(issued.body.bindings, ['launcher@shop']);
    const days = (Date.parse(issued.body.expiresAt) - Date.now()) / 86_400_000;
    assert.ok(days > 6.9 && days <= 7, `expires in ${days} days`);

    const me = await requestAs(service.url, token).get('/v1/whoami').expect(200);
    assert.deepEqual(me.body, { subject: `api-token:${issued.body.id} (ci)`, via: 'api-token', roles: ['launcher@shop'] });
    await requestAs(service.url, token).get('/v1/notes/1').expect(403);

    const listed = await adminRequest(service.url).get('/v1/api-tokens').expect(200);
    assert.ok(!JSON.stringify(listed.body).includes(token.slice(-43)), 'the listing holds no token');
    assert.ok(!('sha256' in listed.body.items[0]), 'the listing holds no hash');
    const client = await connect({ servers: nats.url });
    const stored = (await (await new Kvm(client).open(API_TOKENS_BUCKET)).get(issued.body.id))!.string();
    await client.close();
    assert.ok(!stored.includes(token.slice(-43)), 'the bucket holds the hash, not the token');
    assert.match(stored, /"sha256":"[0-9a-f]{64}"/);

    await adminRequest(service.url).delete(`/v1/api-tokens/${issued.body.id}`).expect(200);
    assert.match((await requestAs(service.url, token).get('/v1/whoami').expect(401)).body.message, /was revoked at/);
    const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    assert.equal((await requestAs(service.url, forged).get('/v1/whoami').expect(401)).body.message, 'unknown API token');
    await requestAs(service.url, token)
      .post('/v1/api-tokens')
      .send({ name: 'x', roles: ['admin'] })
      .expect(401);
    const bad = await adminRequest(service.url)
      .post('/v1/api-tokens')
      .send({ name: 'x', roles: ['root'] })
      .expect(422);
    assert.match(bad.body.message, /roles\.0: expected one of admin, infra-dev, sre, app-team, viewer, launcher/);
  });

  it('audits every mutation, allowed or refused, with who, what, when, from where and the outcome; never a secret', async () => {
    const viewer = await issuer.sign({ sub: 'u-9', preferred_username: 'vic', roles: ['viewer'] });
    await requestAs(service.url, viewer).post('/v1/notes').send({ text: 'no' }).expect(403);
    await request(service.url).delete('/v1/api-tokens/0123456789abcdef').expect(401);
    const note = await adminRequest(service.url).post('/v1/notes').set('x-correlation-id', 'audit-1').send({ text: 'yes' }).expect(201);
    const issued = await adminRequest(service.url)
      .post('/v1/api-tokens')
      .send({ name: 'audited', roles: ['viewer'] })
      .expect(201);

    const trail = await eventually(async () => {
      const page = (await adminRequest(service.url).get('/v1/audit?limit=100').expect(200)).body;
      return page.items.some(
        (r: { request: string }) => r.request === 'POST /v1/api-tokens' && (r as { actor?: string }).actor === 'bootstrap',
      )
        ? page
        : undefined;
    });
    const byRequest = (request: string) => trail.items.find((r: { request: string }) => r.request === request);
    assert.deepEqual(pick(trail.items.find((r: { correlationId: string }) => r.correlationId === 'audit-1')), {
      actor: 'bootstrap',
      via: 'bootstrap',
      action: 'packages:write',
      outcome: 'succeeded',
      status: 201,
      reason: null,
      correlationId: 'audit-1',
      service: 'echo',
    });
    const refused = trail.items.find((r: { actor: string }) => r.actor === 'u-9 (vic)');
    assert.deepEqual(pick(refused), {
      actor: 'u-9 (vic)',
      via: 'oidc',
      action: 'packages:write',
      outcome: 'refused',
      status: 403,
      reason: 'u-9 (vic) (roles: viewer) may not packages:write',
      correlationId: refused.correlationId,
      service: 'echo',
    });
    assert.equal(refused.origin, '127.0.0.1');
    const anonymous = byRequest('DELETE /v1/api-tokens/0123456789abcdef');
    assert.deepEqual([anonymous.actor, anonymous.outcome, anonymous.status], ['anonymous', 'refused', 401]);
    assert.ok(note.body.id);
    assert.ok(!JSON.stringify(trail).includes(issued.body.token.slice(-43)), 'the issued token is not in the trail');

    const outbox = (await service.app.get(DataSource).query('SELECT envelope FROM echo.outbox ORDER BY position')) as {
      envelope: { type: string; data: unknown };
    }[];
    const events = outbox.filter((row) => row.envelope.type === 'audit.evt.mutation.recorded.v1');
    const counted = (await service.app.get(DataSource).query('SELECT count(*)::int AS n FROM echo.audit_record')) as { n: number }[];
    assert.equal(events.length, counted[0]?.n, 'each record has its event, written in the same transaction');
    assert.ok(!JSON.stringify(events).includes(issued.body.token.slice(-43)));
    await requestAs(service.url, viewer).get('/v1/audit').expect(403);
  });

  it('shows the bearer scheme and each route’s permission in /docs', async () => {
    const document = (await request(service.url).get('/docs-json').expect(200)).body;
    assert.equal(document.components.securitySchemes.bearer.scheme, 'bearer');
    assert.equal(document.paths['/v1/notes'].post['x-permission'], 'packages:write');
    assert.deepEqual(document.paths['/v1/notes'].post.security, [{ bearer: [] }]);
    assert.equal(document.paths['/healthz'].get['x-public'], true);
  });
});
