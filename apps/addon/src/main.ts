import { runService } from '@appmanager/service-host';
import { addonService } from './addon.service.js';

await runService(addonService);
