import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CloudEvent, consumers, type ContractData, type resumeDeploymentCommand } from '@appmanager/contracts';
import { type JetStreamContext, JetStreamEventPattern, processOnce } from '@appmanager/messaging';
import { SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { DataSource } from 'typeorm';
import { type JsonObject } from '../../applications/domain/application.model.js';
import { OperateDeploymentUseCase } from '../application/operate-deployment.use-case.js';

type Resume = ContractData<typeof resumeDeploymentCommand>;

/** deploy.cmd.deployment.resume.v1 from any system resumes a SUSPENDED deployment; a repeated event resumes once. */
@Controller()
export class ResumeDeploymentHandler {
  constructor(
    @Inject(OperateDeploymentUseCase) private readonly operate: OperateDeploymentUseCase,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
  ) {}

  @JetStreamEventPattern(consumers.deployResumeDeployment)
  async handle(@Payload() event: CloudEvent<Resume>, @Ctx() ctx: JetStreamContext): Promise<void> {
    try {
      await processOnce(this.dataSource, ctx.getDurable(), event.id, (manager) =>
        this.operate.execute(event.data.deploymentId, 'resume', event.data.context ? { context: event.data.context as JsonObject } : {}, manager),
      );
    } catch (error) {
      // a resume for an unknown or finished deployment is answered by a log line, not redelivery
      this.logger.warn({ eventId: event.id, deploymentId: event.data.deploymentId, err: (error as Error).message }, 'resume command not applied');
    }
  }
}
