import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The SREWorks conformance corpus (`../shared/conformance/sreworks` beside the checkout, read at test time and
 * never copied in): SREWORKS_CONFORMANCE_DIR first, then beside this checkout, then the workplace's copy (a CI
 * clone elsewhere still finds it). Undefined when none holds `application-configurations` and `app-packages`.
 */
export function sreworksCorpusDir(): string | undefined {
  return [
    process.env['SREWORKS_CONFORMANCE_DIR'],
    join(repositoryRoot, '..', 'shared', 'conformance', 'sreworks'),
    '/work/shared/conformance/sreworks',
  ]
    .filter((dir): dir is string => !!dir)
    .map((dir) => resolve(dir))
    .find((dir) => existsSync(join(dir, 'application-configurations')) && existsSync(join(dir, 'app-packages')));
}

/** `false`, or why a test reading the corpus is skipped here (for `it(…, { skip })`). */
export function sreworksCorpusMissing(): string | false {
  return sreworksCorpusDir()
    ? false
    : 'the SREWorks corpus (../shared/conformance/sreworks) is not on this machine; set SREWORKS_CONFORMANCE_DIR';
}
