/** One thing wrong with a package, at a path a reader can find (`componentPackages[2].relativePath`). */
export interface PackageProblem {
  readonly path: string;
  readonly problem: string;
}

/** A package (app or component zip) refused, with every problem found, each naming what is wrong. */
export class PackageInvalidError extends Error {
  constructor(readonly problems: readonly PackageProblem[]) {
    super(`the package is invalid: ${problems.map(({ path, problem }) => (path ? `${path}: ${problem}` : problem)).join('; ')}`);
    this.name = 'PackageInvalidError';
  }
}

/**
 * `componentPackages[2].relativePath` from a path of keys and indexes; `prefix` says which document
 * (`INTERNAL_ADDON_appmeta.zip/meta.yaml#`), empty for the app's own meta.yaml.
 */
export function problemPath(prefix: string, path: readonly PropertyKey[]): string {
  let relative = '';
  for (const key of path) {
    if (typeof key === 'number') relative += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(String(key))) relative += relative ? `.${String(key)}` : String(key);
    else relative += `[${JSON.stringify(String(key))}]`;
  }
  return relative ? `${prefix}${relative}` : prefix.replace(/#$/, '');
}

/** The problems of a failed schema check (zod issues), each at its path. */
export function schemaProblems(prefix: string, issues: readonly { path: readonly PropertyKey[]; message: string }[]): PackageProblem[] {
  return issues.map((issue) => ({ path: problemPath(prefix, issue.path), problem: issue.message }));
}
