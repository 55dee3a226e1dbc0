import type { z } from 'zod';
import { parseSubject, type Domain, type MessageKind } from './subjects.js';

/**
 * One message type on the wire. Its subject is also the CloudEvent `type`,
 * so a subscriber can route on either.
 */
export interface MessageContract<TSchema extends z.ZodType = z.ZodType> {
  readonly subject: string;
  readonly domain: Domain;
  readonly kind: MessageKind;
  readonly schema: TSchema;
  /** One line: what it means. */
  readonly description: string;
  readonly publishedBy: string;
  readonly consumedBy: readonly string[];
}

export type ContractData<C extends MessageContract> = z.infer<C['schema']>;

export function defineContract<TSchema extends z.ZodType>(
  subject: string,
  spec: Omit<MessageContract<TSchema>, 'subject' | 'domain' | 'kind'>,
): MessageContract<TSchema> {
  const parts = parseSubject(subject);
  if (!parts) throw new Error(`contract subject "${subject}" does not follow <domain>.<evt|cmd>.<entity>.<action>.v<N>`);
  return { subject, domain: parts.domain, kind: parts.kind, ...spec };
}

/** A durable JetStream consumer: its name is written here once and never derived from code. */
export interface ConsumerSpec {
  /** `<app>_<domain>-<entity>-<action>-v<N>` */
  readonly durable: string;
  readonly contract: MessageContract;
  readonly app: string;
}

export function defineConsumer(app: string, contract: MessageContract): ConsumerSpec {
  const parts = parseSubject(contract.subject)!;
  const durable = `${app}_${parts.domain}-${parts.entity}-${parts.action}-v${parts.major}`;
  return { durable, contract, app };
}

/**
 * A core NATS request/reply (`<domain>.rpc.<name>.v<N>`): answered by one replica of a queue group, never stored
 * in a stream, for what must not sit in an event log.
 */
export interface RequestContract<TRequest extends z.ZodType = z.ZodType, TReply extends z.ZodType = z.ZodType> {
  readonly subject: string;
  /** One line: what it asks. */
  readonly description: string;
  readonly servedBy: string;
  /** The queue group its responders join, so one replica answers each request. */
  readonly queueGroup: string;
  readonly requestedBy: readonly string[];
  readonly request: TRequest;
  readonly reply: TReply;
  /** What an encrypted field of the reply opens to, when it has one. */
  readonly sealedPayload?: z.ZodType;
}

const requestSubjectPattern = /^[a-z]+\.rpc\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*\.v[1-9][0-9]*$/;

export function defineRequest<TRequest extends z.ZodType, TReply extends z.ZodType>(
  subject: string,
  spec: Omit<RequestContract<TRequest, TReply>, 'subject'>,
): RequestContract<TRequest, TReply> {
  if (!requestSubjectPattern.test(subject)) throw new Error(`request subject "${subject}" does not follow <domain>.rpc.<name>.v<N>`);
  return { subject, ...spec };
}
