import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { readConsoleConfig } from './console-config.js';
import { ConsoleModule } from './console.module.js';

// The console: the built single-page app, a proxy to the services' APIs and the live events, on one origin.
const config = readConsoleConfig(process.env);
const index = join(config.CONSOLE_WEB_DIR, 'index.html');
if (!existsSync(index)) throw new Error(`no built console in ${config.CONSOLE_WEB_DIR}: run "npm run build -w @appmanager/console"`);

const app = await NestFactory.create<NestExpressApplication>(ConsoleModule.with(config), {
  bodyParser: false,
  logger: config.LOG_LEVEL === 'debug' ? ['log', 'warn', 'error', 'debug'] : ['warn', 'error'],
});
app.enableShutdownHooks();
app.useStaticAssets(config.CONSOLE_WEB_DIR, { index: false });
// the app's own routes (/callback after login, deep links) all load the one page
const page = readFileSync(index);
app.use((req: { method: string; path: string }, res: { type(t: string): { send(b: Buffer): void } }, next: () => void) => {
  const own = /^\/(api|events|console|healthz|readyz)(\/|$)/.test(req.path);
  if (req.method === 'GET' && !own) return res.type('html').send(page);
  next();
});
await app.listen(config.HTTP_PORT, config.HTTP_HOST);
console.log(`console listening on http://${config.HTTP_HOST}:${config.HTTP_PORT}`);
