// The public surface of @appmanager/messaging: streams, publishing, the outbox and the inbox guard,
// and the NestJS wiring (module, transport, handler decorator). The consume loop, decoding,
// redelivery and dead-letter mechanics stay inside: a service reaches them through the transport.
export { currentCorrelationId, currentEventContext, type EventContext } from './context/event.context.js';
export { nestLogger, silentLogger, type LoggerPort } from './context/logger.port.js';
export {
  childSpan,
  currentTrace,
  formatTraceparent,
  newTrace,
  parseTraceparent,
  runInTrace,
  TRACEPARENT,
  type TraceContext,
} from './trace/trace-context.js';
export { ContractViolationError } from './publish/contract.validation.js';
export type { PublishOptions } from './publish/envelope.factory.js';
export { EventPublisher, type PublishResult } from './publish/event.publisher.js';
export { ensureStreams, type StreamOptions } from './topology/stream.topology.js';
export type { ConsumerOptions } from './topology/consumer.topology.js';
export { messagingEntities } from './outbox/messaging.entities.js';
export { createMessagingMigration } from './outbox/messaging.migration.js';
export { Outbox, outboxTarget, type OutboxInsert } from './outbox/outbox.js';
export { OutboxRelay, type OutboxRelayOptions } from './outbox/outbox.relay.js';
export { processOnce, type ProcessOnceResult } from './inbox/processed-event.guard.js';
export { JetStreamContext } from './nest/jetstream.context.js';
export { JetStreamTransport, type JetStreamTransportOptions } from './nest/jetstream.transport.js';
export { JetStreamEventPattern } from './nest/jetstream-event-pattern.decorator.js';
export { MessagingModule, type MessagingModuleOptions } from './nest/messaging.module.js';
export { NATS_CONNECTION } from './nest/messaging.tokens.js';
export {
  canonicalJson,
  checkRequest,
  deriveRequestKeys,
  NonceLedger,
  parseSharedKey,
  seal,
  signRequest,
  unseal,
  UnsealError,
  type RequestRefusal,
  type SealedRequestKeys,
  type SignedFields,
} from './rpc/sealed-request.js';
export { ClusterCredentialsSource, CredentialsUnavailableError, type ClusterAccess } from './rpc/cluster-credentials.source.js';
export { NatsClusterCredentialsSource, type NatsClusterCredentialsOptions } from './rpc/nats-cluster-credentials.source.js';
export { kubeConfigOf } from './rpc/cluster-kube-config.js';
