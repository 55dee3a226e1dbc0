import { runService } from '@appmanager/service-host';
import { sensorService } from './sensor.service.js';

await runService(sensorService);
