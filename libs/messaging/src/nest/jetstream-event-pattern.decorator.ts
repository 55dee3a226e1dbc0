import { type ConsumerSpec } from '@appmanager/contracts';
import { EventPattern } from '@nestjs/microservices';

/**
 * `@EventPattern(spec.durable)`: makes the method the handler of that durable consumer under
 * JetStreamTransport. Taking the spec rather than a string keeps the wire name in libs/contracts.
 * (`<string>` picks Nest's untyped overload, so `@Payload()` may be typed `CloudEvent<...>`.)
 */
export function JetStreamEventPattern(spec: ConsumerSpec): MethodDecorator {
  return EventPattern<string>(spec.durable);
}
