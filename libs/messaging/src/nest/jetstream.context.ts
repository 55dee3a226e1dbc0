import { BaseRpcContext } from '@nestjs/microservices';
import { type Delivery } from '../consume/event.consumer.js';

/** What `@Ctx()` gives a JetStream handler: the delivery (durable, attempt number, raw message). */
export class JetStreamContext extends BaseRpcContext<[Delivery]> {
  constructor(delivery: Delivery) {
    super([delivery]);
  }

  getDelivery(): Delivery {
    return this.getArgByIndex(0);
  }

  getDurable(): string {
    return this.getDelivery().durable;
  }

  getSubject(): string {
    return this.getDelivery().subject;
  }

  getDeliveryCount(): number {
    return this.getDelivery().deliveryCount;
  }
}
