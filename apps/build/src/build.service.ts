import type { ServiceDefinition } from '@appmanager/service-host';
import { BuildModule } from './build.module.js';
import { BuildTaskEntity } from './build-tasks/outbound/build-task.entity.js';
import { CreateBuildTask1764020000000 } from './build-tasks/outbound/migrations/1764020000000-create-build-task.migration.js';

/** The build service: build configs, component- and app-package tasks, package versions. */
export const buildService: ServiceDefinition = {
  name: 'build',
  description: 'Builds component and app packages and keeps their versions.',
  rootModule: BuildModule,
  defaultHttpPort: 3001,
  persistence: { schema: 'build', entities: [BuildTaskEntity], migrations: [CreateBuildTask1764020000000] },
};
