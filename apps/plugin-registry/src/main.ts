import { runService } from '@appmanager/service-host';
import { pluginRegistryService } from './plugin-registry.service.js';

await runService(pluginRegistryService);
