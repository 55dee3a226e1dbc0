import { allContracts, allRequests, consumers } from '../catalog.js';
import type { ConsumerSpec, MessageContract } from '../contract.js';
import { launchDeploymentCommand } from '../deploy/deployment.contracts.js';
import {
  deploymentNodeStateChangedEvent,
  deploymentStateChangedEvent,
  resumeDeploymentCommand,
} from '../deploy/orchestration.contracts.js';
import { appInstanceChangedEvent } from '../state/state.contracts.js';
import { allStreams, deadLetterSubject, streamFor, type Domain } from '../subjects.js';

export interface SubjectPermission {
  allow: string[];
  deny?: string[];
}

/** One nats-server user's permissions, as its `authorization { users }` entry spells them. */
export interface NatsUserPermissions {
  publish: SubjectPermission;
  subscribe: SubjectPermission;
  /** Lets a responder answer the reply subject of a request it received, and nothing else on `_INBOX`. */
  allowResponses?: boolean;
}

/** What the contracts cannot say about a service: how it starts its topology and what it keeps beside the streams. */
export interface NatsServiceFacts {
  /** Its JetStreamTransport ensures every stream at start (consumers need the stream they read to exist). */
  ensuresAllStreams: boolean;
  /** NATS KV buckets it creates, reads and writes. */
  kvBuckets?: readonly string[];
  /** Core NATS subjects private to the service (its replicas ask each other), outside every stream. */
  internalSubjects?: readonly string[];
}

/** The user an outside system (CI, ticketing) connects as; it sets `inboxPrefix` to this, so its replies stay apart. */
export const outsideUser = 'outside';
export const outsideInboxPrefix = '_INBOX_outside';
/** What an outside system may send: a launch and a resume, both commands captured by the DEPLOY stream. */
export const outsideCommands: readonly MessageContract[] = [launchDeploymentCommand, resumeDeploymentCommand];

/**
 * The web console (apps/console) hears, on plain subscriptions, what it pushes to browsers: deployment and node
 * states and app-instance states. It publishes nothing: every action goes through a service's API with the user's token.
 */
export const consoleUser = 'console';
export const consoleEvents: readonly MessageContract[] = [
  deploymentStateChangedEvent,
  deploymentNodeStateChangedEvent,
  appInstanceChangedEvent,
];

/** The buckets of API tokens and of the applications' projects every service reads (libs/service-host's auth). */
export const apiTokensBucket = 'am_api_tokens';
export const appProjectsBucket = 'am_app_projects';
/** Every service records its mutations for the audit log (`mutationRecordedEvent`, published by "every service"). */
export const auditSubject = 'audit.evt.mutation.recorded.v1';

/**
 * The platform's services and what only their code knows. `sensor_pollers` is POLLER_MEMBERSHIP_BUCKET and
 * `sensor.internal.>` the fleet subjects of apps/sensor (a lib cannot import an app; keep them in step).
 */
export const platformServices: Readonly<Record<string, NatsServiceFacts>> = {
  build: { ensuresAllStreams: true },
  deploy: { ensuresAllStreams: true },
  addon: { ensuresAllStreams: true },
  'plugin-registry': { ensuresAllStreams: false },
  sensor: { ensuresAllStreams: true, kvBuckets: ['sensor_pollers'], internalSubjects: ['sensor.internal.>'] },
};

/**
 * The services a `publishedBy`/`consumedBy` line names: what stands before any parenthesis, split on commas
 * and "and", e.g. "any system (CI, ticketing, amctl), build (deploy triggers)" names `any system` and `build`.
 */
export function servicesNamedIn(line: string): string[] {
  return line
    .replace(/\([^)]*\)/g, '')
    .split(/,|\band\b/)
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
}

const publishedByEveryService = (contract: MessageContract) => /^every service\b/.test(contract.publishedBy);
const publishersOf = (contract: MessageContract) => servicesNamedIn(contract.publishedBy);
const consumersOf = (contract: MessageContract) => contract.consumedBy.flatMap(servicesNamedIn);

/** Per user: the services of `platformServices` and the outside system. */
export function natsPermissions(
  services: Readonly<Record<string, NatsServiceFacts>> = platformServices,
): Record<string, NatsUserPermissions> {
  const users: Record<string, NatsUserPermissions> = {};
  for (const [service, facts] of Object.entries(services)) users[service] = servicePermissions(service, facts);
  users[outsideUser] = {
    publish: { allow: outsideCommands.map((contract) => contract.subject) },
    subscribe: { allow: [`${outsideInboxPrefix}.>`] },
  };
  users[consoleUser] = { publish: { allow: [], deny: ['>'] }, subscribe: { allow: consoleEvents.map((contract) => contract.subject) } };
  return users;
}

function servicePermissions(service: string, facts: NatsServiceFacts): NatsUserPermissions {
  const published = allContracts.filter((contract) => publishedByEveryService(contract) || publishersOf(contract).includes(service));
  const consumed = allContracts.filter((contract) => consumersOf(contract).includes(service));
  const durables = Object.values(consumers).filter((spec) => spec.app === service);
  const served = allRequests.filter((request) => request.servedBy === service);
  const requested = allRequests.filter((request) => request.requestedBy.includes(service));
  const ownDomains = [...new Set(published.map((contract) => contract.domain))];
  const streams = facts.ensuresAllStreams ? allStreams.map((stream) => stream.name) : ownDomains.map((domain) => streamOf(domain));
  const internal = facts.internalSubjects ?? [];
  const buckets = [...(facts.kvBuckets ?? []), apiTokensBucket, appProjectsBucket];
  return {
    publish: {
      allow: unique([
        ...published.map((contract) => contract.subject),
        auditSubject,
        ...requested.map((request) => request.subject),
        ...internal,
        // jetstreamManager() asks for the account's JetStream info before anything else
        '$JS.API.INFO',
        ...streams.flatMap(streamManagement),
        ...durables.flatMap(durableConsumer),
        ...buckets.flatMap(keyValueBucket),
      ]),
    },
    subscribe: {
      allow: unique([
        // replies: publish acks, JetStream API answers, pulled messages, request replies
        '_INBOX.>',
        ...consumed.map(entitySubjects),
        ...served.map((request) => request.subject),
        ...internal,
      ]),
    },
    allowResponses: served.length > 0 || internal.length > 0 || undefined,
  };
}

const streamOf = (domain: Domain) => streamFor(domain).name;

/** Create-or-update at start-up, never delete or purge: a service cannot wipe a stream. */
function streamManagement(stream: string): string[] {
  return ['INFO', 'CREATE', 'UPDATE'].map((action) => `$JS.API.STREAM.${action}.${stream}`);
}

/**
 * Only its own durables, by name: create/update (the filtered and the older durable form), info, pull, ack;
 * its dead letters go to `dlq.<durable>`. Not `$JS.API.>`, which would let it delete any stream or consumer.
 */
function durableConsumer(spec: ConsumerSpec): string[] {
  const stream = streamOf(spec.contract.domain);
  const consumer = `${stream}.${spec.durable}`;
  return [
    `$JS.API.CONSUMER.CREATE.${consumer}`,
    `$JS.API.CONSUMER.CREATE.${consumer}.>`,
    `$JS.API.CONSUMER.DURABLE.CREATE.${consumer}`,
    `$JS.API.CONSUMER.INFO.${consumer}`,
    `$JS.API.CONSUMER.MSG.NEXT.${consumer}`,
    `$JS.ACK.${consumer}.>`,
    deadLetterSubject(spec.durable),
  ];
}

/**
 * A KV bucket is a stream `KV_<bucket>` written on `$KV.<bucket>.>`; reads are direct or message gets, watches
 * are ordered consumers with server-made names, so consumer actions are open on that one stream only.
 */
function keyValueBucket(bucket: string): string[] {
  const stream = `KV_${bucket}`;
  return [
    `$KV.${bucket}.>`,
    ...streamManagement(stream),
    `$JS.API.STREAM.MSG.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}.>`,
    `$JS.API.CONSUMER.*.${stream}`,
    `$JS.API.CONSUMER.*.${stream}.>`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.>`,
    `$JS.ACK.${stream}.>`,
    `$JS.FC.${stream}.>`,
  ];
}

/** `deploy.evt.component.applied.v1` → `deploy.evt.component.>`: a plain subscription may listen to an entity's events. */
function entitySubjects(contract: MessageContract): string {
  return `${contract.subject.split('.').slice(0, 3).join('.')}.>`;
}

const unique = (subjects: string[]) => [...new Set(subjects)];
