import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_CONFIG, SERVICE_LOGGER } from '@appmanager/service-host';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { InstallBuiltinPluginsUseCase, type BuiltinInstall } from '../application/install-builtin-plugins.use-case.js';
import type { PluginsConfig } from '../plugins.config.js';

/** The repository's plugins/ folder, where the built-ins are, seen from dist/plugins/inbound/. */
const DEFAULT_BUILTINS = fileURLToPath(new URL('../../../../../plugins/', import.meta.url));
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 60_000;

/**
 * Installs the built-in plug-ins at start-up through the upload use case. Replicas starting together
 * race harmlessly: the same content is a no-op, and the unique (name, version) index keeps one row.
 * A failure does not stop the service (uploads still work); while the package store is down it tries
 * again with backoff, so a registry that started before MinIO still gets its built-ins.
 */
@Injectable()
export class BuiltinPluginsInstaller implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    @Inject(InstallBuiltinPluginsUseCase) private readonly install: InstallBuiltinPluginsUseCase,
    @Inject(SERVICE_CONFIG) private readonly config: PluginsConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const root = this.config.BUILTIN_PLUGINS_DIR ?? DEFAULT_BUILTINS;
    if (root === '') return;
    if (await this.installOnce(root)) this.retryLater(root, FIRST_RETRY_MS);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** True when something failed only because the package store was down. */
  private async installOnce(root: string): Promise<boolean> {
    const installs: BuiltinInstall[] = await this.install.execute(root).catch((error: Error) => [{ dir: root, error: error.message }]);
    for (const install of installs) {
      if (install.error) this.logger.error({ dir: install.dir, reason: install.error }, 'built-in plug-in not installed');
      else if (install.result)
        this.logger.info(
          { plugin: `${install.result.pkg.name}@${install.result.pkg.version}`, outcome: install.result.outcome },
          'built-in plug-in',
        );
    }
    return installs.some((i) => i.retryable);
  }

  private retryLater(root: string, delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.installOnce(root).then((again) => again && this.retryLater(root, Math.min(delayMs * 2, MAX_RETRY_MS)));
    }, delayMs);
    this.timer.unref();
  }
}
