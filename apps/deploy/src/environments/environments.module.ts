import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@appmanager/service-host';
import { ClusterProbe, EnvironmentRepository } from './application/environment.repository.js';
import { FetchClusterCredentialsUseCase } from './application/fetch-cluster-credentials.use-case.js';
import { ManageEnvironmentsUseCase, RegisterClusterUseCase } from './application/manage-environments.use-case.js';
import { ClusterCredentialsResponder } from './inbound/cluster-credentials.responder.js';
import { EnvironmentController } from './inbound/environment.controller.js';
import { SecretsKeysController } from './inbound/secrets-keys.controller.js';
import { KubeClusterProbe } from './outbound/kube-cluster.probe.js';
import { SecretCipher } from './outbound/secret.cipher.js';
import { TypeOrmEnvironmentRepository } from './outbound/typeorm-environment.repository.js';

@Module({
  controllers: [EnvironmentController, SecretsKeysController],
  providers: [
    {
      provide: SecretCipher,
      useFactory: (config: { DEPLOY_SECRETS_KEY?: string; DEPLOY_SECRETS_KEYS?: string }) =>
        new SecretCipher(config.DEPLOY_SECRETS_KEYS, config.DEPLOY_SECRETS_KEY),
      inject: [SERVICE_CONFIG],
    },
    { provide: EnvironmentRepository, useClass: TypeOrmEnvironmentRepository },
    { provide: ClusterProbe, useClass: KubeClusterProbe },
    ManageEnvironmentsUseCase,
    RegisterClusterUseCase,
    FetchClusterCredentialsUseCase,
    ClusterCredentialsResponder,
  ],
  exports: [EnvironmentRepository, SecretCipher],
})
export class EnvironmentsModule {}
