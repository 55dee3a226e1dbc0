import { Inject, Injectable } from '@nestjs/common';
import { type JsonObject } from '../../applications/domain/application.model.js';
import { CommandInbox } from '../../inbox/application/command-inbox.js';
import { OperateDeploymentUseCase } from './operate-deployment.use-case.js';

/** A resume by command: queued in the inbox's transaction, so a repeated event resumes once. */
@Injectable()
export class ResumeByCommandUseCase {
  constructor(
    @Inject(OperateDeploymentUseCase) private readonly operate: OperateDeploymentUseCase,
    @Inject(CommandInbox) private readonly inbox: CommandInbox,
  ) {}

  async execute(command: { deploymentId: string; context?: JsonObject; eventId: string; consumer: string }): Promise<void> {
    await this.inbox.once(command.consumer, command.eventId, (transaction) =>
      this.operate.execute(command.deploymentId, 'resume', command.context ? { context: command.context } : {}, transaction),
    );
  }
}
