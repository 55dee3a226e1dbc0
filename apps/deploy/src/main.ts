import { runService } from '@appmanager/service-host';
import { deployService } from './deploy.service.js';

await runService(deployService);
