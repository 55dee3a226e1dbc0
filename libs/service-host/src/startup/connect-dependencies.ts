import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createDataSource, initialiseDataSource, type ServiceDataSourceOptions } from '@appmanager/persistence';
import type { DataSource } from 'typeorm';
import { StartupError } from '../config/service-config.js';
import { describeConnectionError } from './describe-connection-error.js';

/**
 * The first connection must succeed (a service that starts without NATS would look healthy
 * and do nothing); after that the client reconnects for ever and /readyz tells the story.
 */
export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  try {
    return await connect({ ...natsServerAndCredentials(url), name, timeout: 5_000, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
  } catch (error) {
    throw new StartupError(describeConnectionError('NATS_URL', url, error));
  }
}

/**
 * `nats://<user>:<password>@host:port` connects as that NATS user (see ADR 0014). nats.js reads no credentials
 * from a server URL, so they are taken out and handed over as `user`/`pass`; the server URL it keeps (and may
 * show in a status or error) then holds no password.
 */
export function natsServerAndCredentials(url: string): { servers: string; user?: string; pass?: string } {
  const parsed = new URL(url);
  if (!parsed.username) return { servers: url };
  const credentials = { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) };
  parsed.username = '';
  parsed.password = '';
  return { servers: parsed.toString().replace(/\/$/, ''), ...credentials };
}

/** Connects to Postgres and migrates the service's schema (see libs/persistence). */
export async function openDatabase(
  url: string,
  service: string,
  persistence: Pick<ServiceDataSourceOptions, 'schema' | 'entities' | 'migrations'>,
): Promise<DataSource> {
  const dataSource = createDataSource({ url, applicationName: service, ...persistence });
  try {
    return await initialiseDataSource(dataSource);
  } catch (error) {
    const err = error as { code?: string; message?: string };
    // a Postgres error code (5 chars, e.g. 3D000 no such database) is a reachable server saying no
    if (err.code && /^[0-9A-Z]{5}$/.test(err.code)) {
      throw new StartupError(describeConnectionError('DATABASE_URL', url, { message: err.message }));
    }
    throw new StartupError(describeConnectionError('DATABASE_URL', url, error));
  }
}
