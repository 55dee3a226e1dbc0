import { type NatsConnection, RequestError } from '@nats-io/transport-node';
import { resolveAppPackageReplySchema, resolveAppPackageRequest } from '@appmanager/contracts';
import {
  type AppPackageAnswer,
  type AppPackageQuery,
  AppPackageSource,
  AppPackageUnavailableError,
} from '../application/app-package.source.js';

/** Asks the build service over core NATS (build.rpc.app-package-resolve.v1, one replica of its queue group answers). */
export class NatsAppPackageSource extends AppPackageSource {
  constructor(
    private readonly connection: NatsConnection | undefined,
    private readonly timeoutMs = 5000,
  ) {
    super();
  }

  async resolve(query: AppPackageQuery): Promise<AppPackageAnswer> {
    if (!this.connection) throw new AppPackageUnavailableError('the build service cannot be asked for app packages: deploy has no NATS');
    let data: Uint8Array;
    try {
      data = (await this.connection.request(resolveAppPackageRequest.subject, JSON.stringify(query), { timeout: this.timeoutMs })).data;
    } catch (error) {
      const why =
        error instanceof RequestError && error.isNoResponders() ? 'no build service is listening' : `nothing within ${this.timeoutMs} ms`;
      throw new AppPackageUnavailableError(`the build service did not answer for the app package of "${query.appId}": ${why}`);
    }
    const reply = resolveAppPackageReplySchema.safeParse(parseJson(data));
    if (!reply.success) {
      throw new AppPackageUnavailableError(`the build service answered something that is not an app package for "${query.appId}"`);
    }
    return reply.data;
  }
}

function parseJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    return undefined;
  }
}
