/** One thing wrong with the submitted application, at a path a user can find (`spec.components[1].revisionName`). */
export interface ApplicationProblem {
  path: string;
  problem: string;
}

/** The application cannot be deployed as written; inbound maps this to a 422 listing every problem. */
export class ApplicationInvalidError extends Error {
  constructor(readonly problems: ApplicationProblem[]) {
    super(problems.map((p) => `${p.path || '(root)'}: ${p.problem}`).join('; '));
    this.name = 'ApplicationInvalidError';
  }
}

/** Formats a zod-style path (`['spec', 'components', 0, 'name']`) as `spec.components[0].name`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}
