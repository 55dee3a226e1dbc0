import type { INestApplication } from '@nestjs/common';
import { StartupError } from '../config/service-config.js';

/** Listens, turning "port taken" and friends into one line naming HTTP_PORT / HTTP_HOST. */
export async function listen(app: INestApplication, host: string, port: number): Promise<string> {
  try {
    await app.listen(port, host);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason = code === 'EADDRINUSE' ? 'address already in use' : code === 'EACCES' ? 'permission denied' : String(error);
    const variable = code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' ? 'HTTP_HOST' : 'HTTP_PORT';
    await app.close().catch(() => undefined);
    throw new StartupError(`${variable}: cannot listen on ${host}:${port}: ${reason}`);
  }
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${shownHost}:${port}`;
}
