import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { rolePolicy } from '@appmanager/service-host';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../../console-config.js';
import { NatsLiveEvents } from '../../live-events/outbound/nats-live-events.js';

/** What the single-page app asks its server: where to log in, and what each role may do (to show only usable buttons). */
@Controller()
export class WebController {
  constructor(
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
    @Inject(NatsLiveEvents) private readonly events: NatsLiveEvents,
  ) {}

  @Get('console/config.json')
  settings(): { issuer: string; clientId: string } {
    return { issuer: this.config.CONSOLE_OIDC_ISSUER, clientId: this.config.CONSOLE_OIDC_CLIENT_ID };
  }

  /** The platform's role policy (libs/service-host), `[role, resource, action]` rows; the APIs enforce it anyway. */
  @Get('console/role-policy.json')
  policy(): readonly (readonly [string, string, string])[] {
    return rolePolicy;
  }

  @Get('healthz')
  health(): { status: string } {
    return { status: 'ok' };
  }

  @Get('readyz')
  ready(): { status: string } {
    if (!this.events.connected) throw new ServiceUnavailableException('not connected to NATS');
    return { status: 'ok' };
  }
}
