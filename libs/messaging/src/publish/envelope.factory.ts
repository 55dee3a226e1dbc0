import { newCloudEvent, type CloudEvent, type ContractData, type MessageContract } from '@appmanager/contracts';
import { currentEventContext } from '../context/event.context.js';
import { childSpan, currentTrace, formatTraceparent } from '../trace/trace-context.js';
import { validateData } from './contract.validation.js';

export interface PublishOptions {
  /** CloudEvent id (and Nats-Msg-Id); give a stable one to make a repeated publish harmless. */
  id?: string;
  /** CloudEvent `subject`: the entity the event is about, e.g. a deployment id. */
  subject?: string;
  correlationId?: string;
  causationId?: string;
  time?: Date;
}

/**
 * Validates `data` against the contract and wraps it in a CloudEvent. Correlation and causation
 * come from the event being handled, when there is one, so a chain of events can be followed; the trace too: the
 * event carries a span of its own in the trace of the request or event in progress (a new trace when there is none).
 */
export function buildEnvelope<C extends MessageContract>(
  contract: C,
  data: ContractData<C>,
  source: string,
  options: PublishOptions = {},
): CloudEvent<ContractData<C>> {
  const valid = validateData(contract, data);
  const context = currentEventContext();
  const correlationId = options.correlationId ?? context?.correlationId;
  const causationId = options.causationId ?? context?.causationId;
  return newCloudEvent(contract.subject, valid, {
    source,
    ...(options.id === undefined ? {} : { id: options.id }),
    ...(options.subject === undefined ? {} : { subject: options.subject }),
    ...(options.time === undefined ? {} : { time: options.time }),
    ...(correlationId === undefined ? {} : { correlationId }),
    ...(causationId === undefined ? {} : { causationId }),
    traceparent: formatTraceparent(childSpan(currentTrace())),
  });
}
