import type { NatsConnection } from '@nats-io/transport-node';

/** Follows the connection's status stream, so /readyz answers without a round trip. */
export class NatsHealth {
  private connected = true;

  constructor(private readonly connection: NatsConnection) {
    void this.follow();
  }

  check(): { ready: true } | { ready: false; reason: string } {
    if (this.connection.isClosed()) return { ready: false, reason: 'connection closed' };
    if (!this.connected) return { ready: false, reason: `disconnected from ${this.connection.getServer()}` };
    return { ready: true };
  }

  private async follow(): Promise<void> {
    for await (const status of this.connection.status()) {
      if (status.type === 'disconnect' || status.type === 'staleConnection') this.connected = false;
      if (status.type === 'reconnect') this.connected = true;
    }
  }
}
