import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import {
  clusterCredentialsKeyPurpose,
  clusterCredentialsMaxIds,
  clusterCredentialsRequest,
  clusterCredentialsRequestSchema,
  type clusterCredentialsReplySchema,
} from '@appmanager/contracts';
import { checkRequest, deriveRequestKeys, NonceLedger, seal, type RequestRefusal, type SealedRequestKeys } from '@appmanager/messaging';
import { NATS_CONNECTION, SERVICE_CONFIG, SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { type z } from 'zod';
import { CredentialsUnavailableError } from '../application/environment.repository.js';
import { FetchClusterCredentialsUseCase } from '../application/fetch-cluster-credentials.use-case.js';
import { type EnvironmentsConfig } from '../environments.config.js';

type Reply = z.infer<typeof clusterCredentialsReplySchema>;
type Refusal = Extract<Reply, { error: unknown }>['error'];

const refusals: Record<RequestRefusal, string> = {
  'bad-mac': 'the request is not signed with the INTERNAL_SERVICE_KEY deploy has',
  stale: "issuedAt is more than 60 s away from deploy's clock",
  replayed: 'this nonce was used already',
};

/**
 * Answers deploy.rpc.cluster-credentials.v1 on core NATS, one replica of the queue group per request: checks the
 * poller signed it with the shared key, recently, once; seals the clusters' access to the request's nonce. Every
 * request gets an answer, a refusal says why; one audit line per answer, never a credential.
 */
@Injectable()
export class ClusterCredentialsResponder implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly keys: SealedRequestKeys | undefined;
  /** Nonces of the last 2 minutes (the 60 s skew either way), bounded. Per replica: see ADR 0011. */
  private readonly nonces = new NonceLedger({ ttlMs: 2 * 60_000, max: 100_000 });
  private subscription: Subscription | undefined;

  constructor(
    @Inject(SERVICE_CONFIG) config: EnvironmentsConfig,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
    @Inject(FetchClusterCredentialsUseCase) private readonly fetchCredentials: FetchClusterCredentialsUseCase,
  ) {
    this.keys = config.INTERNAL_SERVICE_KEY ? deriveRequestKeys(config.INTERNAL_SERVICE_KEY, clusterCredentialsKeyPurpose) : undefined;
  }

  onApplicationBootstrap(): void {
    if (!this.keys) {
      this.logger.warn('INTERNAL_SERVICE_KEY is not set: deploy does not answer for cluster credentials, so sensing has none');
      return;
    }
    const { subject, queueGroup } = clusterCredentialsRequest;
    this.subscription = this.nats.subscribe(subject, { queue: queueGroup, callback: (_error, msg) => void this.answer(msg) });
    this.logger.info({ subject, queueGroup }, 'answering pollers for cluster credentials');
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.drain().catch(() => undefined);
  }

  /** Never throws: whatever happens, the requester hears back. */
  private async answer(msg: Msg): Promise<void> {
    let reply: Reply;
    try {
      reply = await this.replyTo(msg.data);
    } catch (error) {
      this.logger.error({ err: error }, 'cluster credentials request failed');
      reply = { error: { code: 'internal', message: 'deploy could not answer; its log says why' } };
    }
    if (!msg.respond(JSON.stringify(reply))) this.logger.warn('cluster credentials request without a reply subject; dropped');
  }

  private async replyTo(data: Uint8Array): Promise<Reply> {
    const keys = this.keys!;
    const parsed = parseRequest(data);
    if ('code' in parsed) return this.refuse(parsed);
    const request = parsed.request;
    const refusal = checkRequest(keys, request, this.nonces);
    if (refusal) return this.refuse({ code: refusal, message: refusals[refusal] }, request.pollerId);
    let result: Awaited<ReturnType<FetchClusterCredentialsUseCase['execute']>>;
    try {
      result = await this.fetchCredentials.execute(request.clusterIds);
    } catch (error) {
      if (!(error instanceof CredentialsUnavailableError)) throw error;
      return this.refuse({ code: 'unavailable', message: error.message }, request.pollerId);
    }
    this.logger.info(
      { pollerId: request.pollerId, clusters: result.clusters.length, missing: result.missing.length },
      'cluster credentials handed to a poller',
    );
    return { nonce: request.nonce, sealed: seal(keys, JSON.stringify(result), request.nonce) };
  }

  private refuse(refusal: Refusal, pollerId?: string): Reply {
    this.logger.warn({ pollerId, code: refusal.code, reason: refusal.message }, 'cluster credentials request refused');
    return { error: refusal };
  }
}

type Request = z.infer<typeof clusterCredentialsRequestSchema>;

function parseRequest(data: Uint8Array): { request: Request } | Refusal {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    return { code: 'malformed', message: 'the request is not JSON' };
  }
  const ids = (raw as { clusterIds?: unknown } | null)?.clusterIds;
  if (Array.isArray(ids) && ids.length > clusterCredentialsMaxIds)
    return { code: 'too-many-ids', message: `at most ${clusterCredentialsMaxIds} cluster ids per request, got ${ids.length}` };
  const parsed = clusterCredentialsRequestSchema.safeParse(raw);
  if (!parsed.success)
    return {
      code: 'malformed',
      message: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`).join('; '),
    };
  return { request: parsed.data };
}
