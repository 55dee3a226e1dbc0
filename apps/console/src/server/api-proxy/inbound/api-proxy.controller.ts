import type { IncomingMessage, ServerResponse } from 'node:http';
import { All, Controller, Inject, NotFoundException, Param, PayloadTooLargeException, Req, Res } from '@nestjs/common';
import { CONSOLE_CONFIG, serviceUrls, type ConsoleConfig, type ServiceName } from '../../console-config.js';

/** What goes through to a service and back: the caller's token and content negotiation, nothing of the browser's own. */
const forwardedRequestHeaders = ['authorization', 'content-type', 'accept', 'x-correlation-id'];
const forwardedResponseHeaders = ['content-type', 'location', 'retry-after', 'x-correlation-id'];
const MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * `/api/<service>/…` → the service's own API, the caller's Authorization header forwarded: the services send no
 * CORS headers, so the browser stays on one origin, and each service still decides what the caller may do.
 */
@Controller('api')
export class ApiProxyController {
  private readonly services: Record<ServiceName, string>;

  constructor(@Inject(CONSOLE_CONFIG) config: ConsoleConfig) {
    this.services = serviceUrls(config);
  }

  @All(':service/*path')
  async forward(@Param('service') service: string, @Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    const base = this.services[service as ServiceName];
    if (!base) throw new NotFoundException(`no service "${service}" behind the console`);
    const path = (req.url ?? '').slice(`/api/${service}`.length);
    const headers = new Headers();
    for (const name of forwardedRequestHeaders) {
      const value = req.headers[name];
      if (typeof value === 'string') headers.set(name, value);
    }
    const method = req.method ?? 'GET';
    const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req);
    const answer = await fetch(`${base}${path}`, { method, headers, ...(body ? { body } : {}), redirect: 'manual' }).catch(
      (error: Error) => new Response(JSON.stringify({ message: `${service} is unreachable: ${error.message}` }), { status: 502 }),
    );
    const out: Record<string, string> = { 'cache-control': 'no-store' };
    for (const name of forwardedResponseHeaders) {
      const value = answer.headers.get(name);
      if (value) out[name] = value;
    }
    res.writeHead(answer.status, out);
    res.end(Buffer.from(await answer.arrayBuffer()));
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new PayloadTooLargeException('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
