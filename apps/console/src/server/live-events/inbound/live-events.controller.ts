import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Get, HttpException, Inject, Query, Req, Res } from '@nestjs/common';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../../console-config.js';
import type { LiveEvent } from '../live-event.js';
import { NatsLiveEvents } from '../outbound/nats-live-events.js';

const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events: `GET /events?deploymentId=…` streams that deployment's state and node changes with their data;
 * without it, only which kind of state changed (the browser refetches through the API, which filters by project).
 * The caller's token must be one deploy accepts for that deployment (or for whoami), checked once when the stream opens.
 */
@Controller('events')
export class LiveEventsController {
  constructor(
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
    @Inject(NatsLiveEvents) private readonly events: NatsLiveEvents,
  ) {}

  @Get()
  async stream(
    @Query('deploymentId') deploymentId: string | undefined,
    @Req() req: IncomingMessage,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const authorization = req.headers.authorization;
    const check = deploymentId ? `/v1/deployments/${encodeURIComponent(deploymentId)}/graph` : '/v1/whoami';
    const allowed = authorization
      ? await fetch(`${this.config.CONSOLE_DEPLOY_URL}${check}`, { headers: { authorization } }).catch(() => undefined)
      : undefined;
    if (allowed?.status !== 200) throw new HttpException('not allowed to follow these events', allowed?.status ?? 401);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    const send = (event: LiveEvent) => {
      if (deploymentId && event.data['deploymentId'] !== deploymentId) return;
      if (!deploymentId && event.kind !== 'app-instance' && event.kind !== 'deployment') return;
      res.write(`event: ${event.kind}\ndata: ${JSON.stringify(deploymentId ? event.data : {})}\n\n`);
    };
    const stop = this.events.listen(send);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    req.once('close', () => {
      clearInterval(heartbeat);
      stop();
    });
  }
}
