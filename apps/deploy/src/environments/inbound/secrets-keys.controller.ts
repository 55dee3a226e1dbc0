import { Permission } from '@appmanager/service-host';
import { Controller, HttpCode, Inject, Post, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { EnvironmentRepository } from '../application/environment.repository.js';
import { EnvironmentErrorsInterceptor } from './environment-errors.interceptor.js';

/** Key rotation of the secrets deploy keeps at rest (`amctl admin rotate-key --service deploy`). */
@ApiTags('admin')
@Controller()
@UseInterceptors(EnvironmentErrorsInterceptor)
export class SecretsKeysController {
  constructor(@Inject(EnvironmentRepository) private readonly environments: EnvironmentRepository) {}

  /** Re-seals every cluster's credentials with the first of DEPLOY_SECRETS_KEYS; online, row by row. */
  @Post('admin/keys\\:rotate')
  @Permission('admin:rotate-keys')
  @HttpCode(200)
  @ApiOkResponse({ description: '{currentKeyId, clusters, resealed, byKey}: byKey counts what each key had sealed before' })
  rotate(): Promise<{ currentKeyId: string; clusters: number; resealed: number; byKey: Record<string, number> }> {
    return this.environments.resealCredentials();
  }
}
