import { adminRequest as request } from '@appmanager/testing';

/** What a test needs of a cluster-sim: a server URL, a token and the CA of one virtual cluster. */
export interface SimClusterAccess {
  serverOf(name: string): string;
  registry: { tokenOf(name: string): string };
  caPem: string | undefined;
}

/** Registers unit `eu`, cluster `clusterId` (a virtual cluster of the sim), namespace `shop` and stages, through the API. */
export async function registerSimEnvironment(
  serviceUrl: string,
  sim: SimClusterAccess,
  clusterId: string,
  stages: string[] = ['dev'],
): Promise<void> {
  const units = await request(serviceUrl).get('/v1/units').expect(200);
  if (!units.body.some((u: { id: string }) => u.id === 'eu'))
    await request(serviceUrl).post('/v1/units').send({ id: 'eu', name: 'Europe' }).expect(201);
  await request(serviceUrl)
    .post('/v1/clusters')
    .send({
      id: clusterId,
      unitId: 'eu',
      name: clusterId,
      apiEndpoint: sim.serverOf(clusterId),
      caCertificate: sim.caPem,
      credentials: { kind: 'token', token: sim.registry.tokenOf(clusterId) },
    })
    .expect(201);
  await request(serviceUrl)
    .post('/v1/namespaces')
    .send({ id: `shop-${clusterId}`, clusterId, name: 'shop' })
    .expect(201);
  for (const stage of stages)
    await request(serviceUrl)
      .post('/v1/stages')
      .send({ id: `${stage}-${clusterId}`, namespaceId: `shop-${clusterId}`, name: stage })
      .expect(201);
}

/** The three-tier application in the native form: db add-on → backend → frontend, plus a worker. */
export function threeTierApplication(options: { backendImage?: string; cluster?: string } = {}): Record<string, unknown> {
  return {
    apiVersion: 'appmanager.io/v1',
    kind: 'Application',
    metadata: { name: 'shop' },
    spec: {
      target: { cluster: options.cluster ?? 'sim-1', namespace: 'shop', stage: 'dev' },
      components: [
        { name: 'db', type: 'postgres', addon: true, outputs: [{ name: 'db.host', from: '{{ host }}' }] },
        {
          name: 'backend',
          type: 'microservice',
          properties: { image: options.backendImage ?? 'shop/backend:1.0', ports: [{ containerPort: 8080 }] },
          inputs: [{ from: 'db.host', to: ['properties.env.DB_HOST'] }],
          outputs: [{ name: 'backend.url', from: 'http://{{ metadata.name }}:8080' }],
        },
        {
          name: 'frontend',
          type: 'microservice',
          properties: { image: 'shop/frontend:1.0' },
          inputs: [{ from: 'backend.url', to: ['properties.env.BACKEND_URL'] }],
        },
        { name: 'worker', type: 'microservice', properties: { image: 'shop/worker:1.0', replicas: 2 } },
      ],
    },
  };
}

/** A one-component application (microservice `api` on sim-1 / shop / dev) with the given workflow steps. */
export function withSteps(name: string, steps: unknown[]) {
  return {
    apiVersion: 'appmanager.io/v1',
    kind: 'Application',
    metadata: { name },
    spec: {
      target: { cluster: 'sim-1', namespace: 'shop', stage: 'dev' },
      components: [{ name: 'api', type: 'microservice', properties: { image: 'shop/api:1.0' } }],
      workflow: { steps },
    },
  };
}
