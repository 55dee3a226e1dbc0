import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/**
 * The SREWorks conformance corpus (`/work/shared/conformance/sreworks`, next to the project), read at test
 * time and never copied in. SREWORKS_CONFORMANCE_DIR points elsewhere.
 */
export const SREWORKS_CORPUS =
  [
    process.env['SREWORKS_CONFORMANCE_DIR'],
    fileURLToPath(new URL('../../../../../shared/conformance/sreworks/', import.meta.url)),
    // a clone elsewhere (CI clones to a directory of its own) still finds the workplace's copy
    '/work/shared/conformance/sreworks/',
  ].find((dir): dir is string => !!dir && existsSync(dir)) ??
  fileURLToPath(new URL('../../../../../shared/conformance/sreworks/', import.meta.url));

/** `false`, or why a test reading the corpus cannot run here (for `it(..., { skip })`). */
export const corpusMissing: string | false = existsSync(SREWORKS_CORPUS)
  ? false
  : `the SREWorks conformance corpus is not at ${SREWORKS_CORPUS}`;

/** One YAML document of the corpus, parsed; `path` is relative to its root. */
export function corpusYaml<T = Record<string, unknown>>(path: string): T {
  return parse(readFileSync(`${SREWORKS_CORPUS.replace(/\/?$/, '/')}${path}`, 'utf8')) as T;
}
