import type { ServiceDefinition } from '@appmanager/service-host';
import { AddonModule } from './addon.module.js';
import { AddonInstanceEntity } from './addon-instances/outbound/addon-instance.entity.js';
import { CreateAddonInstance1764030000000 } from './addon-instances/outbound/migrations/1764030000000-create-addon-instance.migration.js';

/** The addon service: add-on instances, their sharing across namespaces and their outputs. */
export const addonService: ServiceDefinition = {
  name: 'addon',
  description: 'Applies and releases add-on instances and keeps their outputs.',
  rootModule: AddonModule,
  defaultHttpPort: 3003,
  persistence: { schema: 'addon', entities: [AddonInstanceEntity], migrations: [CreateAddonInstance1764030000000] },
};
