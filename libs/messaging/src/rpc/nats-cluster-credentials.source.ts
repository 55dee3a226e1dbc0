import { type NatsConnection, RequestError } from '@nats-io/transport-node';
import {
  clusterCredentialsKeyPurpose,
  clusterCredentialsMaxIds,
  clusterCredentialsPayloadSchema,
  clusterCredentialsReplySchema,
  clusterCredentialsRequest,
} from '@appmanager/contracts';
import { deriveRequestKeys, signRequest, unseal, type SealedRequestKeys } from './sealed-request.js';
import PQueue from 'p-queue';
import { type ClusterAccess, type ClusterCredentialsSource, CredentialsUnavailableError } from './cluster-credentials.source.js';

export interface NatsClusterCredentialsOptions {
  connection: NatsConnection;
  /** INTERNAL_SERVICE_KEY; without it every fetch fails saying so. */
  sharedKey: string | undefined;
  /** Who asks, for deploy's audit line. */
  pollerId: string;
  timeoutMs?: number;
  /** Batches in flight at once. Default 4. */
  concurrency?: number;
}

/**
 * Asks deploy over core NATS (deploy.rpc.cluster-credentials.v1): each batch signed with a key derived from
 * INTERNAL_SERVICE_KEY, each answer opened with the batch's own nonce, so an answer cannot be swapped for another.
 */
export class NatsClusterCredentialsSource implements ClusterCredentialsSource {
  private readonly keys: SealedRequestKeys | undefined;
  private readonly batches: PQueue;

  constructor(private readonly options: NatsClusterCredentialsOptions) {
    this.keys = options.sharedKey ? deriveRequestKeys(options.sharedKey, clusterCredentialsKeyPurpose) : undefined;
    this.batches = new PQueue({ concurrency: options.concurrency ?? 4 });
  }

  async fetch(clusterIds: readonly string[]): Promise<Map<string, ClusterAccess>> {
    const ids = [...new Set(clusterIds)];
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += clusterCredentialsMaxIds) chunks.push(ids.slice(i, i + clusterCredentialsMaxIds));
    const answers = await Promise.all(chunks.map((chunk) => this.batches.add(() => this.fetchBatch(chunk))));
    return new Map(answers.flat().map((access) => [access.clusterId, access]));
  }

  private async fetchBatch(clusterIds: string[]): Promise<ClusterAccess[]> {
    if (!this.keys) throw new CredentialsUnavailableError('INTERNAL_SERVICE_KEY is not configured: no cluster credentials from deploy');
    const request = signRequest(this.keys, { pollerId: this.options.pollerId, clusterIds });
    const timeout = this.options.timeoutMs ?? 5000;
    let data: Uint8Array;
    try {
      data = (await this.options.connection.request(clusterCredentialsRequest.subject, JSON.stringify(request), { timeout })).data;
    } catch (error) {
      const why = error instanceof RequestError && error.isNoResponders() ? 'no deploy is listening' : `nothing within ${timeout} ms`;
      throw new CredentialsUnavailableError(`deploy did not answer: ${why}`);
    }
    const reply = clusterCredentialsReplySchema.safeParse(parseJson(data));
    if (!reply.success) throw new CredentialsUnavailableError('deploy answered something that is not a cluster credentials reply');
    if ('error' in reply.data) {
      throw new CredentialsUnavailableError(`deploy refused (${reply.data.error.code}): ${reply.data.error.message}`);
    }
    if (reply.data.nonce !== request.nonce) throw new CredentialsUnavailableError('deploy answered another request');
    const payload = clusterCredentialsPayloadSchema.safeParse(parseJson(unsealOrThrow(this.keys, reply.data.sealed, request.nonce)));
    if (!payload.success) throw new CredentialsUnavailableError('the sealed answer is not a list of cluster access');
    return payload.data.clusters;
  }
}

function unsealOrThrow(keys: SealedRequestKeys, sealed: string, nonce: string): string {
  try {
    return unseal(keys, sealed, nonce);
  } catch {
    throw new CredentialsUnavailableError("deploy's answer does not open with this INTERNAL_SERVICE_KEY (do deploy and sensor share it?)");
  }
}

function parseJson(data: Uint8Array | string): unknown {
  try {
    return JSON.parse(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
  } catch {
    return undefined;
  }
}
