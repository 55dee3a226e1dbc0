import { Module } from '@nestjs/common';
import { CommandInbox } from './application/command-inbox.js';
import { TypeOrmCommandInbox } from './outbound/typeorm-command.inbox.js';

/** Commands from JetStream handled once each, their writes and announcements in one transaction. */
@Module({
  providers: [{ provide: CommandInbox, useClass: TypeOrmCommandInbox }],
  exports: [CommandInbox],
})
export class InboxModule {}
