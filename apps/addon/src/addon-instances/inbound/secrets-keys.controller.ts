import { Permission } from '@appmanager/service-host';
import { Controller, HttpCode, Inject, Post, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { NoSealingKeyError, SqlSecretsRotation } from '../outbound/sql-secrets-rotation.js';

/** Key rotation of the secret outputs the add-on service keeps at rest (`amctl admin rotate-key --service addon`). */
@ApiTags('admin')
@Controller()
export class SecretsKeysController {
  constructor(@Inject(SqlSecretsRotation) private readonly rotation: SqlSecretsRotation) {}

  /** Re-seals every instance's secret outputs with the first of ADDON_SECRETS_KEYS; online, row by row. */
  @Post('admin/keys\\:rotate')
  @Permission('admin:rotate-keys')
  @HttpCode(200)
  @ApiOkResponse({ description: '{currentKeyId, instances, resealed}' })
  async rotate(): Promise<{ currentKeyId: string; instances: number; resealed: number }> {
    try {
      return await this.rotation.rotate();
    } catch (error) {
      if (error instanceof NoSealingKeyError) throw new ServiceUnavailableException(error.message);
      throw error;
    }
  }
}
