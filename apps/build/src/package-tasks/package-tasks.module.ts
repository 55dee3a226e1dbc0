import { join } from 'node:path';
import { Module } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { NatsClusterCredentialsSource } from '@appmanager/messaging';
import { NATS_CONNECTION, SERVICE_CONFIG } from '@appmanager/service-host';
import Dockerode from 'dockerode';
import type { BuildConfig } from '../build.config.js';
import { ImageBuilder } from '../builders/application/image-builder.js';
import { BuildahImageBuilder } from '../builders/outbound/buildah.builder.js';
import { DockerEngineImageBuilder } from '../builders/outbound/docker-engine.builder.js';
import { PackageStore } from '../packages/application/package.store.js';
import { BuildConfigsModule } from '../build-configs/build-configs.module.js';
import { DeployTriggersModule } from '../deploy-triggers/deploy-triggers.module.js';
import { PackagesModule } from '../packages/packages.module.js';
import { BuildComponentPackageUseCase } from './application/build-component-package.use-case.js';
import { BuildSources } from './application/build-sources.js';
import { CreateAppPackageTaskUseCase } from './application/create-app-package-task.use-case.js';
import { PackAppPackageUseCase } from './application/pack-app-package.use-case.js';
import { PackageTaskOperationsUseCase } from './application/package-task-operations.use-case.js';
import { PackageTaskRepository } from './application/package-task.repository.js';
import { PackageTaskRunner } from './application/package-task.runner.js';
import { TaskTransitions } from './application/task-transitions.js';
import { TaskEvents } from './application/task.events.js';
import { TaskWakeUp } from './application/task-wake-up.js';
import { PackageTaskController } from './inbound/package-task.controller.js';
import { GitBuildSources } from './outbound/git-build-sources.js';
import { KanikoServiceBuilder } from './outbound/kaniko-service.builder.js';
import { OutboxTaskEvents } from './outbound/outbox.task-events.js';
import { SqlPackageTaskRepository } from './outbound/sql-package-task.repository.js';

/** The builder BUILD_BACKEND names: buildah (real here), Kaniko Jobs on a cluster, or the Docker Engine API. */
function imageBuilderOf(config: BuildConfig, store: PackageStore, nats: NatsConnection): ImageBuilder {
  switch (config.BUILD_BACKEND) {
    case 'buildah':
      return new BuildahImageBuilder({
        root: config.BUILDAH_ROOT,
        runroot: join(config.BUILDAH_ROOT, 'run'),
        storageDriver: 'vfs',
        isolation: 'chroot',
      });
    case 'kaniko':
      return new KanikoServiceBuilder(
        config,
        store,
        new NatsClusterCredentialsSource({
          connection: nats,
          sharedKey: config.INTERNAL_SERVICE_KEY,
          pollerId: 'build',
          timeoutMs: config.CLUSTER_CREDENTIALS_TIMEOUT_MS,
        }),
      );
    case 'docker':
      return new DockerEngineImageBuilder({ docker: new Dockerode(dockerOptionsOf(config.DOCKER_HOST)) });
  }
}

/** DOCKER_HOST as dockerode takes it: unix:///path (the default socket when unset) or tcp://host:port. */
function dockerOptionsOf(host: string | undefined): Dockerode.DockerOptions {
  if (!host) return { socketPath: '/var/run/docker.sock' };
  const url = new URL(host);
  if (url.protocol === 'unix:') return { socketPath: url.pathname };
  return { host: url.hostname, port: Number(url.port || 2375), protocol: url.protocol === 'https:' ? 'https' : 'http' };
}

@Module({
  imports: [PackagesModule, BuildConfigsModule, DeployTriggersModule],
  controllers: [PackageTaskController],
  providers: [
    { provide: PackageTaskRepository, useClass: SqlPackageTaskRepository },
    { provide: TaskEvents, useClass: OutboxTaskEvents },
    { provide: BuildSources, useClass: GitBuildSources },
    { provide: ImageBuilder, useFactory: imageBuilderOf, inject: [SERVICE_CONFIG, PackageStore, NATS_CONNECTION] },
    TaskWakeUp,
    TaskTransitions,
    CreateAppPackageTaskUseCase,
    BuildComponentPackageUseCase,
    PackAppPackageUseCase,
    PackageTaskOperationsUseCase,
    PackageTaskRunner,
  ],
})
export class PackageTasksModule {}
