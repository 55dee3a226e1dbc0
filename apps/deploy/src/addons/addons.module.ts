import { Module } from '@nestjs/common';
import { AddonReplies } from './application/addon-replies.js';
import { AddonReplyHandlers } from './inbound/addon-reply.handlers.js';
import { SqlAddonReplies } from './outbound/sql-addon.replies.js';

/** The add-on service's answers to add-on nodes. */
@Module({
  controllers: [AddonReplyHandlers],
  providers: [{ provide: AddonReplies, useClass: SqlAddonReplies }],
  exports: [AddonReplies],
})
export class AddonsModule {}
