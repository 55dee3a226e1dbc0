/**
 * The subject scheme: `<domain>.<evt|cmd>.<entity>.<action>.v<major>`, lower-case, kebab tokens.
 * One JetStream stream per domain captures its events and commands; dead letters have their own stream.
 * Request/reply subjects (`<domain>.rpc.<name>.v<major>`) are core NATS and stay out of every stream.
 */
export const domains = ['build', 'deploy', 'addon', 'plugin', 'state', 'env', 'audit'] as const;
export type Domain = (typeof domains)[number];
export type MessageKind = 'evt' | 'cmd';

const token = '[a-z][a-z0-9]*(?:-[a-z0-9]+)*';
const subjectPattern = new RegExp(`^(${domains.join('|')})\\.(evt|cmd)\\.(${token})\\.(${token})\\.v([1-9][0-9]*)$`);

export interface SubjectParts {
  domain: Domain;
  kind: MessageKind;
  entity: string;
  action: string;
  major: number;
}

/** Splits a subject into its parts, or returns undefined when it does not follow the scheme. */
export function parseSubject(subject: string): SubjectParts | undefined {
  const match = subjectPattern.exec(subject);
  if (!match) return undefined;
  const [, domain, kind, entity, action, major] = match;
  return {
    domain: domain as Domain,
    kind: kind as MessageKind,
    entity: entity!,
    action: action!,
    major: Number(major),
  };
}

export interface StreamSpec {
  name: string;
  subjects: string[];
  description: string;
}

/**
 * Stream name per domain, e.g. DEPLOY captures `deploy.evt.>` and `deploy.cmd.>`. Not `deploy.>`: a stream that
 * captured `deploy.rpc.…` would store each request and answer it with a publish ack before the service could.
 */
export function streamFor(domain: Domain): StreamSpec {
  return {
    name: domain.toUpperCase(),
    subjects: [`${domain}.evt.>`, `${domain}.cmd.>`],
    description: `Events and commands of the ${domain} domain`,
  };
}

export const deadLetterStream: StreamSpec = {
  name: 'DEADLETTER',
  subjects: ['dlq.>'],
  description: 'Messages a consumer gave up on, with the reason',
};

/** Where a durable consumer parks what it cannot handle: `dlq.<durable>`. */
export function deadLetterSubject(durable: string): string {
  return `dlq.${durable}`;
}

export const allStreams: StreamSpec[] = [...domains.map(streamFor), deadLetterStream];
