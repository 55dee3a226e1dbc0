import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CloudEvent, consumers, type ContractData, type resumeDeploymentCommand } from '@appmanager/contracts';
import { type JetStreamContext, JetStreamEventPattern } from '@appmanager/messaging';
import { AuditTrail, commandAudit, SERVICE_LOGGER, type ServiceLogger } from '@appmanager/service-host';
import { type JsonObject } from '../../applications/domain/application.model.js';
import { ResumeByCommandUseCase } from '../application/resume-by-command.use-case.js';

type Resume = ContractData<typeof resumeDeploymentCommand>;

/** deploy.cmd.deployment.resume.v1 from any system resumes a SUSPENDED deployment; a repeated event resumes once. */
@Controller()
export class ResumeDeploymentHandler {
  constructor(
    @Inject(ResumeByCommandUseCase) private readonly resume: ResumeByCommandUseCase,
    @Inject(SERVICE_LOGGER) private readonly logger: ServiceLogger,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
  ) {}

  @JetStreamEventPattern(consumers.deployResumeDeployment)
  async handle(@Payload() event: CloudEvent<Resume>, @Ctx() ctx: JetStreamContext): Promise<void> {
    const { deploymentId, context } = event.data;
    const correlationId = event.correlationid ?? event.id;
    try {
      await this.resume.execute({
        deploymentId,
        ...(context ? { context: context as JsonObject } : {}),
        eventId: event.id,
        consumer: ctx.getDurable(),
      });
      await this.audit.record(commandAudit(event, 'deployments:resume', deploymentId, correlationId, null));
    } catch (error) {
      await this.audit.record(commandAudit(event, 'deployments:resume', deploymentId, correlationId, (error as Error).message));
      // a resume for an unknown or finished deployment is answered by a log line, not redelivery
      this.logger.warn({ eventId: event.id, deploymentId, err: (error as Error).message }, 'resume command not applied');
    }
  }
}
