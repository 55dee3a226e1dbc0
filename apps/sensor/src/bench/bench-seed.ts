import { createCipheriv, randomBytes } from 'node:crypto';
import { appliedFieldsOf, hashOfFields } from '@appmanager/contracts';
import type pg from 'pg';
import { Agent, request } from 'undici';
import { MANAGED_SELECTOR, pollDigest } from '../polling/domain/poll-digest.js';
import type { SimProcess } from './bench-processes.js';

export const UNIT = 'bench';
export const APP = 'shop';
export const STAGE = 'prod';
export const NAMESPACE = 'shop';
export const COMPONENT = 'web';
/** The microservice plug-in names its workload `<stage>-<component>`. */
export const WORKLOAD = `${STAGE}-${COMPONENT}`;
export const clusterName = (i: number): string => `fleet-${i + 1}`;

/** The Deployment deploy would have applied on every cluster, Available with its one replica ready. */
export function seededDeployment(): Record<string, unknown> {
  const labels = { app: WORKLOAD };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: WORKLOAD,
      namespace: NAMESPACE,
      generation: 1,
      labels: { 'app.kubernetes.io/managed-by': 'appmanager', 'appmanager.io/app': APP, 'appmanager.io/component': COMPONENT },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: COMPONENT, image: 'nginx:1' }] } },
    },
    status: {
      observedGeneration: 1,
      replicas: 1,
      updatedReplicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
      ],
    },
  };
}

/** Talks to cluster-sim over HTTPS with its CA: the admin API and the clusters' own API. */
export class SimClient {
  private readonly agent: Agent;

  constructor(readonly sim: SimProcess) {
    this.agent = new Agent({ connect: { ca: sim.caPem }, connections: 16 });
  }

  async call(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    token: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<unknown> {
    const response = await request(`${this.sim.url}${path}`, {
      method,
      dispatcher: this.agent,
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType, accept: 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.body.text();
    if (response.statusCode >= 300) throw new Error(`cluster-sim ${method} ${path}: ${response.statusCode} ${text.slice(0, 300)}`);
    return JSON.parse(text) as unknown;
  }

  /** Registers `count` clusters holding the seeded Deployment; answers their tokens in order. */
  async seed(count: number): Promise<string[]> {
    const answer = (await this.call('POST', '/admin/v1/seed', this.sim.adminToken, {
      prefix: 'fleet',
      count,
      objects: [seededDeployment()],
      tokens: true,
    })) as { tokens: string[] };
    return answer.tokens;
  }

  /** What a poll of a seeded cluster sees, digested the poller's way (the same for every untouched cluster). */
  async seededDigest(token: string): Promise<string> {
    const path = `/clusters/${clusterName(0)}/apis/apps/v1/deployments?labelSelector=${encodeURIComponent(MANAGED_SELECTOR)}&resourceVersion=0`;
    const list = (await this.call('GET', path, token)) as {
      items: { metadata: { name: string; namespace?: string; resourceVersion?: string } }[];
    };
    return pollDigest(list.items.map((item) => ({ ...item, kind: 'Deployment' })));
  }

  /** A change on one cluster: one more replica (the Deployment is then not as applied, and its status moves). */
  scale(cluster: string, token: string, replicas: number): Promise<unknown> {
    const path = `/clusters/${cluster}/apis/apps/v1/namespaces/${NAMESPACE}/deployments/${WORKLOAD}`;
    return this.call('PATCH', path, token, { spec: { replicas } }, 'application/merge-patch+json');
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** deploy's SecretCipher format: v1:iv:tag:data, AES-256-GCM (apps never import apps, so it is written here). */
export function seal(keyBase64: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keyBase64, 'base64'), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
}

const BATCH = 5000;

/** One statement per BATCH rows: the columns as arrays (unnest), then the constants every row shares. */
async function insertColumns(db: pg.Client, sql: string, columns: unknown[][], constants: unknown[] = []): Promise<void> {
  const rows = columns[0]!.length;
  for (let i = 0; i < rows; i += BATCH) await db.query(sql, [...columns.map((column) => column.slice(i, i + BATCH)), ...constants]);
}

export interface SeedInput {
  count: number;
  tokens: string[];
  simUrl: string;
  caPem: string;
  secretsKey: string;
  digest: string;
}

/** deploy's unit and clusters (sealed), the sensor's component instances and last digests, by unnest batches. */
export async function seedInventory(db: pg.Client, input: SeedInput): Promise<void> {
  const names = Array.from({ length: input.count }, (_, i) => clusterName(i));
  await db.query(`INSERT INTO deploy.unit (id, name) VALUES ($1, $1)`, [UNIT]);
  await insertColumns(
    db,
    `INSERT INTO deploy.cluster (id, unit_id, name, api_endpoint, ca_sealed, credentials_sealed)
     SELECT id, '${UNIT}', id, api, ca, cred FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(id, api, ca, cred)`,
    [
      names,
      names.map((name) => `${input.simUrl}/clusters/${name}`),
      names.map(() => seal(input.secretsKey, input.caPem)),
      input.tokens.map((token) => seal(input.secretsKey, JSON.stringify({ kind: 'token', token }))),
    ],
  );
  const deployment = seededDeployment();
  const fields = appliedFieldsOf(deployment);
  const objects = [{ node: COMPONENT, apiVersion: 'apps/v1', kind: 'Deployment', name: WORKLOAD, specHash: hashOfFields(fields), fields }];
  const sensing = { status: { pluginType: 'microservice', name: COMPONENT, properties: { image: 'nginx:1' } }, traits: [] };
  await insertColumns(
    db,
    `INSERT INTO sensor.component_instance (app_id, stage, cluster, namespace, component, unit, component_type, version, objects,
       status, status_message, nodes_applied_at, deployment_id, updated_at, sensing, observed_at)
     SELECT '${APP}', '${STAGE}', c, '${NAMESPACE}', '${COMPONENT}', '${UNIT}', 'microservice', '1.0.0', $2::jsonb,
       'RUNNING', '1/1 replicas ready', $3::jsonb, 'bench-deployment', now(), $4::jsonb, now()
     FROM unnest($1::text[]) AS c`,
    [names],
    [JSON.stringify(objects), JSON.stringify({ [COMPONENT]: new Date().toISOString() }), JSON.stringify(sensing)],
  );
  await insertColumns(
    db,
    `INSERT INTO sensor.cluster_observation (cluster_id, digest, observed_at) SELECT c, $2, now() FROM unnest($1::text[]) AS c`,
    [names],
    [input.digest],
  );
}

/** The sensor's cluster rows: what pollers share out (inserted once the pollers are up and idle). */
export async function seedSensorClusters(db: pg.Client, input: Pick<SeedInput, 'count' | 'simUrl'>): Promise<void> {
  const names = Array.from({ length: input.count }, (_, i) => clusterName(i));
  await insertColumns(
    db,
    `INSERT INTO sensor.cluster (cluster_id, unit_id, name, api_server, registered_at, last_event_id, sensing)
     SELECT c, '${UNIT}', c, api, now(), 'bench-seed', 'poll' FROM unnest($1::text[], $2::text[]) AS t(c, api)`,
    [names, names.map((name) => `${input.simUrl}/clusters/${name}`)],
  );
}
