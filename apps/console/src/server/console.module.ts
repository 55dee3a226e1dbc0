import { type DynamicModule, Module } from '@nestjs/common';
import { ApiProxyController } from './api-proxy/inbound/api-proxy.controller.js';
import { CONSOLE_CONFIG, type ConsoleConfig } from './console-config.js';
import { LiveEventsController } from './live-events/inbound/live-events.controller.js';
import { NatsLiveEvents } from './live-events/outbound/nats-live-events.js';
import { WebController } from './site/inbound/web.controller.js';

@Module({})
export class ConsoleModule {
  static with(config: ConsoleConfig): DynamicModule {
    return {
      module: ConsoleModule,
      controllers: [ApiProxyController, LiveEventsController, WebController],
      providers: [{ provide: CONSOLE_CONFIG, useValue: config }, NatsLiveEvents],
    };
  }
}
