import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type AddonReply, AddonReplies } from '../application/addon-replies.js';

/** deploy.addon_reply: the first answer per request wins (a redelivered answer is the same answer). */
@Injectable()
export class SqlAddonReplies extends AddonReplies {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {
    super();
  }

  async record(requestId: string, reply: AddonReply): Promise<void> {
    await this.dataSource.query('INSERT INTO deploy.addon_reply (request_id, reply) VALUES ($1, $2) ON CONFLICT (request_id) DO NOTHING', [
      requestId,
      JSON.stringify(reply),
    ]);
  }

  async find(requestId: string): Promise<AddonReply | undefined> {
    const [row] = (await this.dataSource.query('SELECT reply FROM deploy.addon_reply WHERE request_id = $1', [requestId])) as {
      reply: AddonReply;
    }[];
    return row?.reply;
  }
}
