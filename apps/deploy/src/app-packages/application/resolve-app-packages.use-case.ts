import { Inject, Injectable } from '@nestjs/common';
import { ApplicationInvalidError } from '../../applications/domain/application-invalid.error.js';
import { applicationConfigurationSchema } from '../../applications/domain/application-configuration.schema.js';
import { parseApplicationText } from '../../applications/domain/parse-application.js';
import {
  type AppPackageChoice,
  appIdOf,
  asConfiguration,
  chosenPackage,
  inlined,
  missing,
  packagedComponents,
} from '../domain/packaged-components.js';
import { AppPackageSource, AppPackageUnavailableError } from './app-package.source.js';

/**
 * Fills in what an ApplicationConfiguration takes from an app package, asking the build service once per
 * configuration, before anything validates it. A configuration that takes nothing from a package is returned as it
 * came, and the build service is never asked. Throws ApplicationInvalidError (422) naming each component the
 * package lacks, AppPackageUnavailableError (503, or a redelivery) when the build service cannot answer.
 */
@Injectable()
export class ResolveAppPackagesUseCase {
  constructor(@Inject(AppPackageSource) private readonly source: AppPackageSource) {}

  async execute(
    configuration: string | Record<string, unknown>,
    fallbackAppId: string,
    choice: AppPackageChoice = {},
  ): Promise<string | Record<string, unknown>> {
    const doc = asConfiguration(typeof configuration === 'string' ? parseApplicationText(configuration) : configuration);
    // a document the parser will refuse anyway is refused by it, with its own words, before build is asked
    if (!doc || !applicationConfigurationSchema.safeParse(doc).success) return configuration;
    const wanted = packagedComponents(doc);
    if (wanted.length === 0) return configuration;
    const appId = appIdOf(doc, fallbackAppId);
    const answer = await this.source.resolve({
      appId,
      ...chosenPackage(doc, choice),
      components: wanted.map((w) => ({ type: w.type, name: w.name, version: w.version })),
    });
    if ('error' in answer) {
      if (answer.error.code === 'unavailable') throw new AppPackageUnavailableError(`the build service: ${answer.error.message}`);
      const named = wanted.filter((w) => answer.error.message.includes(`${w.type}|${w.name}`));
      throw new ApplicationInvalidError(
        (named.length > 0 ? named : wanted).map((w) => ({
          path: `spec.components[${w.index}].revisionName`,
          problem: `${missing(appId, w)}: ${answer.error.message}`,
        })),
      );
    }
    const result = inlined(doc, wanted, appId, answer.appPackage, answer.components);
    if ('problems' in result) throw new ApplicationInvalidError(result.problems);
    return result.doc as unknown as Record<string, unknown>;
  }
}
