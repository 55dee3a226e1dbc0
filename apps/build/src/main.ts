import { runService } from '@appmanager/service-host';
import { buildService } from './build.service.js';

await runService(buildService);
